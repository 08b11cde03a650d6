using Transporter.Core.Endpoints;
using Transporter.Core.Filters;
using Transporter.Core.Migrations.Persistence;
using static Transporter.Core.Persistence.UnixTime;

namespace Transporter.Core.Plans.Persistence;

public sealed partial class PlanRepository
{
    private const string PlanSelect = """
        SELECT p.id AS Id, p.root AS Root, p.username AS UserName, p.sync AS Sync, p.sync_mode AS SyncMode, p.skip_verify AS SkipVerify,
               p.source AS Source, p.destination AS Destination, p.migration_id AS MigrationId, p.since AS Since, p.status AS Status,
               p.created_at AS CreatedAt, p.started_at AS StartedAt, p.ended_at AS EndedAt, p.last_key AS LastKey,
               p.tot_objects AS TotObjects, p.tot_size AS TotSize, p.distribution AS Distribution, p.distribution_bytes AS DistributionBytes, p.filters AS Filters
        FROM plans p
        """;

    private sealed class PlanRow
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
}
