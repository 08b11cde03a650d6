using System.Text.Json.Serialization;
using Transporter.Core.Reports;
using Transporter.Core.Stats;

namespace Transporter.Api.Stats.Contracts;

/// <summary>One point of POST /stats/migration: the period's start (ISO-8601, UTC) and what happened in it.</summary>
public sealed record StatsPointView(
    [property: JsonPropertyName("ts")] string Ts,
    [property: JsonPropertyName("filesFound")] long FilesFound,
    [property: JsonPropertyName("filesTransferred")] long FilesTransferred,
    [property: JsonPropertyName("filesFailed")] long FilesFailed,
    [property: JsonPropertyName("bytesTransferred")] long BytesTransferred)
{
    public static StatsPointView From(StatsPoint point) =>
        new(UtcTimestamp.ToText(point.Start), point.FilesFound, point.FilesTransferred, point.FilesFailed, point.BytesTransferred);
}
