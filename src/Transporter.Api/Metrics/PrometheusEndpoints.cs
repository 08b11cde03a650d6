using Prometheus;
using Transporter.Core.Diagnostics;

namespace Transporter.Api.Metrics;

public static class PrometheusEndpoints
{
    /// <summary>GET /metrics: the "Transporter*" meters and the process' own metrics, by prometheus-net (Prometheus
    /// text format 0.0.4, or OpenMetrics when the scraper asks for it), for scrapers.</summary>
    public static WebApplication MapPrometheusMetrics(this WebApplication app)
    {
        // Creating the platform's instruments now lists their families before anything is recorded.
        _ = app.Services.GetRequiredService<TransporterMetrics>();
        var collector = app.Services.GetService<PrometheusMetricsCollector>() ?? new PrometheusMetricsCollector();
        app.Lifetime.ApplicationStopped.Register(collector.Dispose);
        app.MapMetrics("/metrics", collector.Registry).ExcludeFromDescription();
        return app;
    }
}
