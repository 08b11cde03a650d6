using Transporter.Core.Endpoints;
using Transporter.Core.Filters;
using Transporter.Core.Migrations.Persistence;
using static Transporter.Core.Persistence.UnixTime;

namespace Transporter.Core.Plans.Persistence;

/// <summary>A plans row as <see cref="PlanRepository"/> reads it (Dapper), and the <see cref="Plan"/> it holds.</summary>
internal sealed class PlanRow
{
    public string Id { get; set; } = "";
    public string Root { get; set; } = "";
    public string UserName { get; set; } = "";
    public bool Sync { get; set; }
    public string SyncMode { get; set; } = "";
    public bool SkipVerify { get; set; }
    public string Source { get; set; } = "";
    public string Destination { get; set; } = "";
    public string? MigrationId { get; set; }
    public long? Since { get; set; }
    public string Status { get; set; } = "";
    public long CreatedAt { get; set; }
    public long? StartedAt { get; set; }
    public long? EndedAt { get; set; }
    public string? LastKey { get; set; }
    public long TotObjects { get; set; }
    public long TotSize { get; set; }
    public string Distribution { get; set; } = "[]";
    public string? Filters { get; set; }
    public string? DistributionBytes { get; set; }

    public Plan ToPlan() => new()
    {
        Id = Guid.Parse(Id),
        Root = Root,
        UserName = UserName,
        Sync = Sync,
        SyncMode = SyncMode,
        SkipVerify = SkipVerify,
        Source = MigrationJson.Read<EndpointConfig>(Source),
        Destination = MigrationJson.Read<EndpointConfig>(Destination),
        MigrationId = MigrationId is null ? null : Guid.Parse(MigrationId),
        Since = FromMs(Since),
        Status = Status,
        CreatedAt = FromMs(CreatedAt),
        StartedAt = FromMs(StartedAt),
        EndedAt = FromMs(EndedAt),
        Filters = Filters is null ? null : MigrationJson.Read<ObjectFilter>(Filters),
        Tally = new PlanTally(LastKey, TotObjects, TotSize, MigrationJson.Read<long[]>(Distribution),
            DistributionBytes is null ? null : MigrationJson.Read<long[]>(DistributionBytes)),
    };
}
