using Transporter.Api.Plans.Contracts;
using Transporter.Core.Plans;
using Transporter.Core.Reports;

namespace Transporter.Api.Plans;

/// <summary>A plan as GET /plans and GET /plans/:id show it.</summary>
public static class PlanViews
{
    public static PlanView Summary(Plan plan, IReadOnlyList<AssociatedMigration> associated) => new()
    {
        Id = plan.Id,
        Root = plan.Root,
        Config = Config(plan),
        Status = plan.Status,
        CreatedAt = UtcTimestamp.ToText(plan.CreatedAt),
        EndedAt = plan.EndedAt is { } ended ? UtcTimestamp.ToText(ended) : null,
        AssociatedMigrations = Associated(associated),
    };

    public static PlanDetailView Detail(Plan plan, IReadOnlyList<AssociatedMigration> associated, IReadOnlyList<string> errors,
        Core.Plans.Estimates.PlanEstimate? estimate) => new()
    {
        Estimate = estimate,
        Id = plan.Id,
        Root = plan.Root,
        Config = Config(plan),
        Status = plan.Status,
        Errors = errors,
        AssociatedMigrations = Associated(associated),
        CreatedAt = UtcTimestamp.ToText(plan.CreatedAt),
        EndedAt = plan.EndedAt is { } ended ? UtcTimestamp.ToText(ended) : null,
        TotObjects = plan.Tally.Objects,
        TotSize = plan.Tally.Bytes,
        Distribution = SizeBins.All.Select((bin, i) => new DistributionBinView(bin.Label, bin.Max, bin.Min, plan.Tally.Bins[i])).ToList(),
    };

    private static PlanConfigView Config(Plan plan) => new()
    {
        Source = plan.Source.WithoutSecrets(),
        Destination = plan.Destination.WithoutSecrets(),
        Sync = plan.Sync,
        SyncMode = plan.SyncMode,
        SkipVerify = plan.SkipVerify,
        Filters = plan.Filters,
    };

    private static List<AssociatedMigrationView> Associated(IReadOnlyList<AssociatedMigration> associated) =>
        associated.Select(a => new AssociatedMigrationView(a.Root, a.Id)).ToList();
}
