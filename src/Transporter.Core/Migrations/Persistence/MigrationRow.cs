using Transporter.Core.Endpoints;
using static Transporter.Core.Persistence.UnixTime;

namespace Transporter.Core.Migrations.Persistence;

/// <summary>A migrations row as <see cref="MigrationSql.MigrationSelect"/> reads it (Dapper), and the <see cref="Migration"/> it holds.</summary>
internal sealed class MigrationRow
{
    public string Id { get; set; } = "";
    public string Root { get; set; } = "";
    public string UserName { get; set; } = "";
    public string Kind { get; set; } = "";
    public string? SyncMode { get; set; }
    public string Source { get; set; } = "";
    public string Destination { get; set; } = "";
    public long BandwidthLimit { get; set; }
    public bool EnableStatistics { get; set; }
    public string Notifications { get; set; } = "[]";
    public bool DeleteAfterUpload { get; set; }
    public bool SkipVerify { get; set; }
    public bool Deep { get; set; }
    public string? Crontab { get; set; }
    public string? ParentId { get; set; }
    public string? PlanId { get; set; }
    public bool Paused { get; set; }
    public long CreatedAt { get; set; }
    public string? Controls { get; set; }

    public Migration ToMigration() => new()
    {
        Id = Guid.Parse(Id),
        Root = Root,
        UserName = UserName,
        Kind = Kind,
        SyncMode = SyncMode,
        Source = MigrationJson.Read<EndpointConfig>(Source),
        Destination = MigrationJson.Read<EndpointConfig>(Destination),
        BandwidthLimit = BandwidthLimit,
        EnableStatistics = EnableStatistics,
        Notifications = MigrationJson.Read<List<NotificationConfig>>(Notifications),
        DeleteAfterUpload = DeleteAfterUpload,
        SkipVerify = SkipVerify,
        Deep = Deep,
        Crontab = Crontab is null ? null : MigrationJson.Read<CrontabConfig>(Crontab),
        ParentId = ParentId is null ? null : Guid.Parse(ParentId),
        PlanId = PlanId is null ? null : Guid.Parse(PlanId),
        Paused = Paused,
        CreatedAt = FromMs(CreatedAt),
        Controls = Controls is null ? MigrationControls.None : MigrationJson.Read<MigrationControls>(Controls),
    };
}
