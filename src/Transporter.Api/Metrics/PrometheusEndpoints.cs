using Transporter.Core.Diagnostics;

namespace Transporter.Api.Metrics;

public static class PrometheusEndpoints
{
    /// <summary>GET /metrics: the "Transporter*" meters in Prometheus text format, for scrapers.</summary>
    public static WebApplication MapPrometheusMetrics(this WebApplication app)
    {
        // Creating the platform's instruments now lists their families before anything is recorded.
        _ = app.Services.GetRequiredService<TransporterMetrics>();
        var collector = app.Services.GetService<PrometheusMetricsCollector>() ?? new PrometheusMetricsCollector();
        app.Lifetime.ApplicationStopped.Register(collector.Dispose);
        app.MapGet("/metrics", () => Results.Text(collector.Render(), PrometheusTextWriter.ContentType))
            .ExcludeFromDescription();
        return app;
    }
}
