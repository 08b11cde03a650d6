using Transporter.Core.Endpoints;
using Transporter.Core.Filters;

namespace Transporter.Core.Plans;

/// <summary>
/// A migration plan: what a migration (or sync) between <see cref="Source"/> and <see cref="Destination"/> would move,
/// found by scanning the source. Owned by a root (tenant) and a user like a migration; the endpoints carry no
/// credentials (those live encrypted beside it).
/// </summary>
public sealed record Plan
{
    public required Guid Id { get; init; }
    public required string Root { get; init; }
    public required string UserName { get; init; }

    /// <summary>A sync plan counts what an incremental sync would copy; a regular plan counts the whole source.</summary>
    public required bool Sync { get; init; }

    /// <summary><see cref="Migrations.SyncMode"/> (simple when not given).</summary>
    public required string SyncMode { get; init; }

    public bool SkipVerify { get; init; }
    public required EndpointConfig Source { get; init; }
    public required EndpointConfig Destination { get; init; }

    /// <summary>The migration the plan was made from (POST /plans/:migration-id).</summary>
    public Guid? MigrationId { get; init; }

    /// <summary>A by-time sync plan counts objects modified at or after this time; null counts everything.</summary>
    public DateTimeOffset? Since { get; init; }

    /// <summary>Which source objects the plan counts (as the migration made from it copies); null counts all.</summary>
    public ObjectFilter? Filters { get; init; }

    /// <summary><see cref="PlanStatus"/>.</summary>
    public string Status { get; init; } = PlanStatus.Queued;

    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset? StartedAt { get; init; }
    public DateTimeOffset? EndedAt { get; init; }

    /// <summary>What the scan counted so far (all of it once <see cref="Status"/> is ended).</summary>
    public PlanTally Tally { get; init; } = new();
}
