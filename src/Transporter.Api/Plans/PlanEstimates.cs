using System.Collections.Concurrent;
using Transporter.Core.Migrations.Persistence;
using Transporter.Core.Plans;
using Transporter.Core.Plans.Estimates;
using Transporter.Worker.Copying;

namespace Transporter.Api.Plans;

/// <summary>
/// A plan's estimate for GET /plans/:id and the GUI: <see cref="PlanEstimator"/> over the measured speed of earlier runs
/// between the same endpoint types (the plan's root first, the whole platform when that root has none) and the price
/// table. The measured speed is kept a minute per plan, so a page that refreshes every second queries the report rows
/// once a minute, while a new plan measures afresh (it may follow the run it should be estimated from).
/// </summary>
public sealed class PlanEstimates(ObjectReportRepository reports, PriceTable prices, IConfiguration configuration, TimeProvider clock)
{
    /// <summary>Earlier runs measured per endpoint pair.</summary>
    public const int MeasuredRuns = 20;

    private static readonly TimeSpan CacheFor = TimeSpan.FromMinutes(1);
    private readonly ConcurrentDictionary<(Guid, string?), (DateTimeOffset At, ThroughputProfile Profile)> _profiles = new();
    private readonly ObjectCopierOptions _copier = configuration.GetSection(ObjectCopierOptions.Section).Get<ObjectCopierOptions>() ?? new();

    public async Task<PlanEstimate> EstimateAsync(Plan plan, CancellationToken ct)
    {
        var same = PlanEstimator.SameEndpoint(plan.Source, plan.Destination);
        var profile = await ProfileAsync(plan.Root, plan, same, ct);
        if (profile.Runs == 0) profile = await ProfileAsync(null, plan, same, ct);
        return PlanEstimator.Estimate(plan, profile, prices, _copier.MultipartThreshold, _copier.PartSize);
    }

    private async Task<ThroughputProfile> ProfileAsync(string? root, Plan plan, bool same, CancellationToken ct)
    {
        var key = (plan.Id, root);
        var now = clock.GetUtcNow();
        if (_profiles.TryGetValue(key, out var cached) && now - cached.At < CacheFor) return cached.Profile;
        var profile = await reports.GetThroughputProfileAsync(root, plan.Source.Type, plan.Destination.Type, same, MeasuredRuns, ct);
        foreach (var old in _profiles.Where(p => now - p.Value.At >= CacheFor).ToList()) _profiles.TryRemove(old);
        _profiles[key] = (now, profile);
        return profile;
    }
}
