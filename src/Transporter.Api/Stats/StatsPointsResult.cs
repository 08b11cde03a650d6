using System.Text.Json;
using Transporter.Api.Http;
using Transporter.Api.Stats.Contracts;
using Transporter.Core.Stats;

namespace Transporter.Api.Stats;

/// <summary>Writes {"points":[...]} while the points stream from the database: a long range at one-minute resolution
/// never sits whole in memory. Nothing is sent before the first thousand points (or the end), so an early database
/// error still becomes an ordinary error answer.</summary>
public sealed class StatsPointsResult(IAsyncEnumerable<StatsPoint> points) : IResult
{
    private const int FlushEvery = 1000;

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        var ct = httpContext.RequestAborted;
        httpContext.Response.ContentType = "application/json; charset=utf-8";
        // Over the body's PipeWriter the JSON writer only fills memory (the serializer flushes it synchronously, which a
        // Stream would refuse); FlushAsync sends.
        var body = httpContext.Response.BodyWriter;
        await using var writer = new Utf8JsonWriter(body, new JsonWriterOptions { Encoder = ApiJson.Options.Encoder });
        writer.WriteStartObject();
        writer.WriteStartArray("points");
        var written = 0;
        await foreach (var point in points.WithCancellation(ct))
        {
            JsonSerializer.Serialize(writer, StatsPointView.From(point), ApiJson.Options);
            if (++written % FlushEvery == 0) await body.FlushAsync(ct);
        }
        writer.WriteEndArray();
        writer.WriteEndObject();
        await writer.FlushAsync(ct);
        await body.FlushAsync(ct);
    }
}
