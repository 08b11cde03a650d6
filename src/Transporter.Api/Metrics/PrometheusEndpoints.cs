using System.Diagnostics.Metrics;
using Prometheus;
using Transporter.Core.Diagnostics;

namespace Transporter.Api.Metrics;

public static class PrometheusEndpoints
{
    /// <summary>GET /metrics: the "Transporter*" meters and the process' own metrics, by prometheus-net (Prometheus
    /// text format 0.0.4, or OpenMetrics when the scraper asks for it), for scrapers. Returns the collector, whose
    /// registry the admin listener serves too (<see cref="WriteText"/>).</summary>
    public static PrometheusMetricsCollector MapPrometheusMetrics(this WebApplication app)
    {
        // Creating the platform's instruments now lists their families before anything is recorded.
        _ = app.Services.GetRequiredService<TransporterMetrics>();
        var collector = app.Services.GetService<PrometheusMetricsCollector>() ?? new PrometheusMetricsCollector(app.Services.GetRequiredService<IMeterFactory>());
        app.Lifetime.ApplicationStopped.Register(collector.Dispose);
        app.MapMetrics("/metrics", collector.Registry).ExcludeFromDescription();
        return collector;
    }

    /// <summary>Answers a request with the registry's Prometheus text (the admin listener's GET /metrics).</summary>
    public static RequestDelegate WriteText(Func<PrometheusMetricsCollector> collector) => async http =>
    {
        http.Response.ContentType = "text/plain; version=0.0.4; charset=utf-8";
        await collector().Registry.CollectAndExportAsTextAsync(http.Response.Body, http.RequestAborted);
    };
}
