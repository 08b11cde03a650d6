using System.Diagnostics.Metrics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Transporter.Api.Metrics;
using Transporter.Core.Diagnostics;
using Transporter.Testing;
using static Transporter.Api.Tests.Metrics.PrometheusText;

namespace Transporter.Api.Tests.Metrics;

public class PrometheusMetricsTests
{
    [Fact]
    public async Task Metrics_endpoint_exports_what_was_recorded_in_prometheus_text_format()
    {
        var (app, http) = await StartMetricsAppAsync();
        await using var _ = app;
        using var __ = http;
        var metrics = app.Services.GetRequiredService<TransporterMetrics>();

        using var meter = new Meter("Transporter.Tests." + Guid.NewGuid().ToString("N"));
        using var otherMeter = new Meter("Other.Tests");
        var labelled = meter.CreateCounter<int>("tests.labelled", description: "help with \\ backslash\nand a newline");
        var queue = meter.CreateUpDownCounter<long>("tests.queue.length");
        var temperature = 42.5;
        meter.CreateObservableGauge("tests.temperature", () => temperature, "Cel");
        var sizes = meter.CreateHistogram("tests.size", "By", advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [10, 100, 1000] });
        otherMeter.CreateCounter<long>("other.counter").Add(5);

        var before = await ParseAsync(await http.GetStringAsync("/metrics"));
        var operation = "PutObject-" + Guid.NewGuid().ToString("N")[..8];
        metrics.ObjectsCopied.Add(3);
        metrics.BytesCopied.Add(3_000_000);
        metrics.CopyFailures.Add(1);
        metrics.RecordS3Request(operation, 200, TimeSpan.FromMilliseconds(20));
        metrics.RecordS3Request(operation, 200, TimeSpan.FromMilliseconds(300));
        metrics.RecordS3Request(operation, 503, TimeSpan.FromSeconds(2));
        labelled.Add(7, new KeyValuePair<string, object?>("path", "a\"b\\c\nd"), new("bad-name", 1));
        queue.Add(5);
        queue.Add(-2);
        sizes.Record(5);
        sizes.Record(50);
        sizes.Record(5000);

        using var response = await http.GetAsync("/metrics");
        var text = await response.Content.ReadAsStringAsync();
        var after = await ParseAsync(text);

        Assert.Equal("text/plain; version=0.0.4; charset=utf-8", response.Content.Headers.ContentType?.ToString());
        AssertWellFormed(text);
        Assert.Equal(3, Value(after, "transporter_copy_objects_total") - Value(before, "transporter_copy_objects_total"));
        Assert.Equal(3_000_000, Value(after, "transporter_copy_bytes_total") - Value(before, "transporter_copy_bytes_total"));
        Assert.Equal(1, Value(after, "transporter_copy_failures_total") - Value(before, "transporter_copy_failures_total"));
        Assert.Equal("counter", Family(after, "transporter_copy_objects").Type);

        var op = new Dictionary<string, string> { ["operation"] = operation, ["status"] = "200" };
        Assert.Equal(2, Value(after, "transporter_s3_requests_total", op));
        Assert.Equal(1, Value(after, "transporter_s3_requests_total", new() { ["operation"] = operation, ["status"] = "503" }));
        Assert.Equal("histogram", Family(after, "transporter_s3_request_duration_seconds").Type);
        Assert.Equal(0, Value(after, "transporter_s3_request_duration_seconds_bucket", new(op) { ["le"] = "0.01" }));
        Assert.Equal(1, Value(after, "transporter_s3_request_duration_seconds_bucket", new(op) { ["le"] = "0.025" }));
        Assert.Equal(2, Value(after, "transporter_s3_request_duration_seconds_bucket", new(op) { ["le"] = "0.5" }));
        Assert.Equal(2, Value(after, "transporter_s3_request_duration_seconds_bucket", new(op) { ["le"] = "+Inf" }));
        Assert.Equal(0.32, Value(after, "transporter_s3_request_duration_seconds_sum", op), 9);
        Assert.Equal(2, Value(after, "transporter_s3_request_duration_seconds_count", op));

        var labelledFamily = Family(after, "tests_labelled");
        Assert.Equal("help with \\ backslash\nand a newline", labelledFamily.Help);
        var sample = Assert.Single(labelledFamily.Samples);
        Assert.Equal("tests_labelled_total", sample.Name);
        Assert.Equal(new Dictionary<string, string> { ["path"] = "a\"b\\c\nd", ["bad_name"] = "1" }, sample.Labels);
        Assert.Equal(7, sample.Value);
        Assert.Contains("path=\"a\\\"b\\\\c\\nd\"", text);

        Assert.Equal("gauge", Family(after, "tests_queue_length").Type);
        Assert.Equal(3, Value(after, "tests_queue_length"));
        Assert.Equal(42.5, Value(after, "tests_temperature"));
        temperature = -1.25;
        Assert.Equal(-1.25, Value(await ParseAsync(await http.GetStringAsync("/metrics")), "tests_temperature"));

        Assert.Equal(1, Value(after, "tests_size_bytes_bucket", new() { ["le"] = "10" }));
        Assert.Equal(2, Value(after, "tests_size_bytes_bucket", new() { ["le"] = "100" }));
        Assert.Equal(2, Value(after, "tests_size_bytes_bucket", new() { ["le"] = "1000" }));
        Assert.Equal(3, Value(after, "tests_size_bytes_bucket", new() { ["le"] = "+Inf" }));
        Assert.Equal(5055, Value(after, "tests_size_bytes_sum"));
        Assert.Equal(3, Value(after, "tests_size_bytes_count"));

        Assert.DoesNotContain(after, f => f.Name.StartsWith("other", StringComparison.Ordinal));

        // The same page for a scraper that asks for OpenMetrics, read by the stricter OpenMetrics parser.
        using var openMetricsRequest = new HttpRequestMessage(HttpMethod.Get, "/metrics");
        openMetricsRequest.Headers.Accept.ParseAdd("application/openmetrics-text; version=1.0.0");
        using var openMetricsResponse = await http.SendAsync(openMetricsRequest);
        var openMetrics = await ParseAsync(await openMetricsResponse.Content.ReadAsStringAsync(), openMetrics: true);
        Assert.Equal(2, Value(openMetrics, "transporter_s3_requests_total", op));
        Assert.Equal(2, Value(openMetrics, "transporter_s3_request_duration_seconds_bucket", new(op) { ["le"] = "0.5" }));
        Assert.Equal("help with \\ backslash\nand a newline", Family(openMetrics, "tests_labelled").Help);
        await app.StopAsync();
    }

    [Fact]
    public async Task A_host_exports_its_own_platform_counters_not_those_of_another_host_in_the_same_process()
    {
        var (app, http) = await StartMetricsAppAsync();
        await using var _ = app;
        using var __ = http;
        var (otherApp, otherHttp) = await StartMetricsAppAsync();
        await using var ___ = otherApp;
        using var ____ = otherHttp;
        var operation = "GetObject-" + Guid.NewGuid().ToString("N")[..8];

        otherApp.Services.GetRequiredService<TransporterMetrics>().RecordS3Request(operation, 200, TimeSpan.FromMilliseconds(5));
        app.Services.GetRequiredService<TransporterMetrics>().RecordS3Request(operation, 404, TimeSpan.FromMilliseconds(5));

        var op = new Dictionary<string, string> { ["operation"] = operation, ["status"] = "200" };
        var notFound = new Dictionary<string, string> { ["operation"] = operation, ["status"] = "404" };
        var own = await ParseAsync(await http.GetStringAsync("/metrics"));
        var other = await ParseAsync(await otherHttp.GetStringAsync("/metrics"));
        Assert.Equal(0, Value(own, "transporter_s3_requests_total", op));
        Assert.Equal(1, Value(own, "transporter_s3_requests_total", notFound));
        Assert.Equal(1, Value(other, "transporter_s3_requests_total", op));
        Assert.Equal(0, Value(other, "transporter_s3_requests_total", notFound));
        await otherApp.StopAsync();
        await app.StopAsync();
    }

    [Fact]
    public async Task Each_series_counts_its_own_measurements_whatever_the_tag_order_type_or_characters()
    {
        // Measurements find their series through a cache keyed by the tags as measured; this holds it to what
        // resolving every measurement from scratch gives.
        var (app, http) = await StartMetricsAppAsync();
        await using var _ = app;
        using var __ = http;
        using var meter = new Meter("Transporter.Tests." + Guid.NewGuid().ToString("N"));
        var counter = meter.CreateCounter<long>("tests.series");
        var longValue = new string('v', 300);

        counter.Add(1, new("a", "x"), new("b", 200));
        counter.Add(2, new("b", 200), new("a", "x"));        // the same series, tags in the other order
        counter.Add(4, new("a", "x"), new("b", "200"));      // and with the number as text
        counter.Add(8, new("a", "x\u0001b"), new("b", 1));   // a separator inside a value
        counter.Add(16, new("a", "x"), new("b", "\u00011")); // would read like the one above if joined naively
        counter.Add(32, new("a", longValue), new("b", 1L));
        counter.Add(64, new("a", longValue), new("b", 1L));  // too long for the cache: resolved each time
        counter.Add(128, new("a", null), new("b", 2.5));     // null and a type the cache does not write
        counter.Add(256, new("a", null), new("b", 2.5));
        counter.Add(-1, new("a", "x"), new("b", 200));       // dropped: counters only go up

        var families = await ParseAsync(await http.GetStringAsync("/metrics"));
        double Count(string a, string b) => Value(families, "tests_series_total", new() { ["a"] = a, ["b"] = b });
        Assert.Equal(7, Count("x", "200"));
        Assert.Equal(8, Count("x\u0001b", "1"));
        Assert.Equal(16, Count("x", "\u00011"));
        Assert.Equal(96, Count(longValue, "1"));
        Assert.Equal(384, Count("", "2.5"));
        Assert.Equal(5, Family(families, "tests_series").Samples.Count);
        await app.StopAsync();
    }

    [Fact]
    public async Task The_platform_serves_its_metrics_and_the_process_own_on_the_api_port_in_both_formats()
    {
        await using var platform = await PlatformProcess.StartAsync(roles: "api");
        using var http = new HttpClient();

        using var response = await http.GetAsync(platform.ApiUrl + "/metrics");
        var text = await response.Content.ReadAsStringAsync();
        using var openMetricsRequest = new HttpRequestMessage(HttpMethod.Get, platform.ApiUrl + "/metrics");
        openMetricsRequest.Headers.Accept.ParseAdd("application/openmetrics-text; version=1.0.0");
        using var openMetricsResponse = await http.SendAsync(openMetricsRequest);

        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/plain; version=0.0.4; charset=utf-8", response.Content.Headers.ContentType?.ToString());
        AssertWellFormed(text);
        await AssertPromtoolAcceptsAsync(text);
        var families = await ParseAsync(text);
        Assert.Equal("counter", Family(families, "process_cpu_seconds").Type);
        Assert.True(Value(families, "process_cpu_seconds_total") > 0);
        Assert.True(Value(families, "process_working_set_bytes") > 1_000_000);
        Assert.Equal("gauge", Family(families, "dotnet_total_memory_bytes").Type);
        // Only the platform's own meters: not ASP.NET Core's, nor prometheus-net's adapters over every meter.
        Assert.All(families, f => Assert.Matches("^(transporter|process|dotnet)_", f.Name));

        Assert.Equal("application/openmetrics-text; version=1.0.0; charset=utf-8", openMetricsResponse.Content.Headers.ContentType?.ToString());
        var openMetrics = await ParseAsync(await openMetricsResponse.Content.ReadAsStringAsync(), openMetrics: true);
        Assert.Equal("counter", Family(openMetrics, "process_cpu_seconds").Type);
    }

    /// <summary>A web app serving only GET /metrics on a free port, and a client for it.</summary>
    private static async Task<(WebApplication App, HttpClient Http)> StartMetricsAppAsync()
    {
        var port = FreePort.Next();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        builder.Logging.ClearProviders();
        builder.Services.AddTransporterMetrics();
        var app = builder.Build();
        app.MapPrometheusMetrics();
        await app.StartAsync();
        return (app, new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") });
    }

    private static Family Family(List<Family> families, string name) =>
        families.SingleOrDefault(f => f.Name == name) ?? throw new Xunit.Sdk.XunitException($"no family {name} in: {string.Join(", ", families.Select(f => f.Name))}");

    /// <summary>The value of the sample with this name whose labels include <paramref name="labels"/> (0 when absent).</summary>
    private static double Value(List<Family> families, string sample, Dictionary<string, string>? labels = null) =>
        families.SelectMany(f => f.Samples)
            .Where(s => s.Name == sample && (labels ?? []).All(l => s.Labels.TryGetValue(l.Key, out var v) && v == l.Value))
            .Select(s => s.Value).DefaultIfEmpty(0).Single();
}
