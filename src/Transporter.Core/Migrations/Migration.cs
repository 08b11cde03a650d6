using Transporter.Core.Endpoints;

namespace Transporter.Core.Migrations;

/// <summary>
/// What a user posted (a migration or a sync), owned by a root (tenant) and a user. <see cref="Source"/> and
/// <see cref="Destination"/> carry no credentials; those live encrypted beside it (<see cref="EndpointPair"/>).
/// </summary>
public sealed record Migration
{
    public required Guid Id { get; init; }
    public required string Root { get; init; }
    public required string UserName { get; init; }

    /// <summary><see cref="MigrationKind"/>.</summary>
    public required string Kind { get; init; }

    /// <summary><see cref="Migrations.SyncMode"/> for a sync; null for a migration.</summary>
    public string? SyncMode { get; init; }

    public required EndpointConfig Source { get; init; }
    public required EndpointConfig Destination { get; init; }

    /// <summary>Bytes per second for all transfers of the migration together; 0 = unlimited.</summary>
    public long BandwidthLimit { get; init; }

    public bool EnableStatistics { get; init; }
    public IReadOnlyList<NotificationConfig> Notifications { get; init; } = [];
    public bool DeleteAfterUpload { get; init; }
    public bool SkipVerify { get; init; }

    /// <summary>A verify run reads both copies of each object present at both ends and compares the MD5 of their bytes,
    /// instead of comparing what the listings say (size and ETag).</summary>
    public bool Deep { get; init; }
    public CrontabConfig? Crontab { get; init; }

    /// <summary>The migration a sync was created from (POST /sync/:id).</summary>
    public Guid? ParentId { get; init; }

    public Guid? PlanId { get; init; }

    /// <summary>Set by POST /pause; a paused migration starts no objects and no scheduled runs.</summary>
    public bool Paused { get; init; }

    public DateTimeOffset CreatedAt { get; init; }

    /// <summary>Filters and the other controls beyond the spec (docs/migration-controls.md).</summary>
    public MigrationControls Controls { get; init; } = MigrationControls.None;
}
