using System.Text.Json.Serialization;

namespace Transporter.Core.Webhooks;

/// <summary>The JSON body of a webhook delivery, fixed when the event happens (every attempt sends the same bytes).</summary>
public sealed record WebhookPayload
{
    /// <summary>The delivery's id: the same on every attempt, so a receiver can drop duplicates.</summary>
    [JsonPropertyName("id")] public required string Id { get; init; }

    [JsonPropertyName("event")] public required string Event { get; init; }

    /// <summary>When the event happened; UTC, ISO-8601.</summary>
    [JsonPropertyName("occurredAt")] public required string OccurredAt { get; init; }

    [JsonPropertyName("migration")] public required WebhookMigration Migration { get; init; }

    [JsonPropertyName("run")] public WebhookRun? Run { get; init; }

    /// <summary>report.ready only: the download link (it carries a token) and when it expires.</summary>
    [JsonPropertyName("report")] public WebhookReport? Report { get; init; }
}

public sealed record WebhookMigration(
    [property: JsonPropertyName("id")] Guid Id,
    [property: JsonPropertyName("root")] string Root,
    [property: JsonPropertyName("kind")] string Kind);

/// <summary>The run at the event: the spec's state number and description and its counters.</summary>
public sealed record WebhookRun
{
    [JsonPropertyName("id")] public required Guid Id { get; init; }
    [JsonPropertyName("number")] public required int Number { get; init; }
    [JsonPropertyName("state")] public required int State { get; init; }
    [JsonPropertyName("stateDescription")] public required string StateDescription { get; init; }
    [JsonPropertyName("filesFound")] public long FilesFound { get; init; }
    [JsonPropertyName("filesCompleted")] public long FilesCompleted { get; init; }
    [JsonPropertyName("filesFailed")] public long FilesFailed { get; init; }
    [JsonPropertyName("bytesTransmitted")] public long BytesTransmitted { get; init; }
    [JsonPropertyName("filesDeleted")] public long FilesDeleted { get; init; }
}

public sealed record WebhookReport(
    [property: JsonPropertyName("downloadUrl")] string DownloadUrl,
    [property: JsonPropertyName("expiresAt")] string ExpiresAt);
