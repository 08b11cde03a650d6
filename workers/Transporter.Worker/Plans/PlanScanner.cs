using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Transporter.Core.Configuration;
using Transporter.Core.Migrations;
using Transporter.Core.Plans;
using Transporter.Core.Plans.Persistence;
using Transporter.Core.Storage;
using Transporter.Worker.Endpoints;
using Transporter.Worker.Hosting;
using Transporter.Worker.Listing;

namespace Transporter.Worker.Plans;

/// <summary>
/// Scans one plan while this process holds its scanner lease: the preflight (unless skipVerify), then the source
/// listing streamed through the same selection a run of the planned migration would make (everything, or what a
/// simple or by-time sync would copy), counted into a <see cref="PlanTally"/> (objects, bytes, 12 size bins; nothing
/// per object is kept). The tally is checkpointed every second with the last key, so a scan taken over after a crash
/// resumes where the checkpoint left it. An abort (DELETE /plans/:id) is noticed at the next checkpoint.
/// </summary>
public sealed class PlanScanner(
    PlanRepository plans,
    PlanScanRepository scans,
    EndpointOpener opener,
    WorkerIdentity identity,
    IOptions<TransporterOptions> options,
    ILogger<PlanScanner> logger,
    TimeProvider clock)
{
    /// <summary>How often the running tally is written (the most a crash makes a resumed scan count again).</summary>
    public static readonly TimeSpan CheckpointInterval = TimeSpan.FromSeconds(1);

    private TimeSpan Lease => options.Value.ListerLease;

    /// <summary>Claims the plan and scans it; returns at once when another process holds it or it has ended.</summary>
    public async Task ScanAsync(Guid planId, CancellationToken ct)
    {
        if (!await scans.TryClaimScanAsync(planId, identity.Id, Now() + Lease, ct).ConfigureAwait(false)) return;
        try
        {
            var plan = await plans.GetAsync(planId, ct).ConfigureAwait(false);
            if (plan is null || !PlanStatus.IsActive(plan.Status)) return;
            using var leased = CancellationTokenSource.CreateLinkedTokenSource(ct);
            var renewal = RenewLeaseAsync(planId, leased);
            try
            {
                await DriveAsync(plan, leased.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (leased.IsCancellationRequested)
            {
                // Aborted, lease lost or shutting down: whoever takes the plan over resumes from its checkpoint.
            }
            finally
            {
                await leased.CancelAsync().ConfigureAwait(false);
                await renewal.ConfigureAwait(false);
            }
        }
        finally
        {
            await scans.ReleaseScanAsync(planId, identity.Id, CancellationToken.None).ConfigureAwait(false);
        }
    }

    private async Task DriveAsync(Plan plan, CancellationToken ct)
    {
        var pair = await plans.GetRunEndpointsAsync(plan.Id, ct).ConfigureAwait(false);
        if (pair is null) return;
        await using var endpoints = await opener.OpenAsync(pair).ConfigureAwait(false);
        if (plan.Status == PlanStatus.Queued && !plan.SkipVerify)
        {
            if (await Preflight.ErrorAsync(endpoints, ct).ConfigureAwait(false) is { } error)
            {
                logger.LogWarning("Preflight of plan {PlanId} failed: {Error}", plan.Id, error);
                await scans.FailScanAsync(plan.Id, identity.Id, error, ct).ConfigureAwait(false);
                return;
            }
            await scans.TryAdvanceAsync(plan.Id, identity.Id, PlanStatus.Tested, ct).ConfigureAwait(false);
        }
        await scans.TryAdvanceAsync(plan.Id, identity.Id, PlanStatus.Running, ct).ConfigureAwait(false);
        if ((await plans.GetAsync(plan.Id, ct).ConfigureAwait(false))?.Status != PlanStatus.Running) return;

        try
        {
            var tally = await CountAsync(plan, endpoints, ct).ConfigureAwait(false);
            if (tally is null) return;
            if (await scans.CompleteScanAsync(plan.Id, identity.Id, tally, ct).ConfigureAwait(false))
                logger.LogInformation("Plan {PlanId} ended: {Objects} objects, {Bytes} bytes", plan.Id, tally.Objects, tally.Bytes);
        }
        catch (ObjectStoreException e)
        {
            logger.LogWarning("Scanning plan {PlanId} failed: {Error}", plan.Id, e.Details);
            await scans.FailScanAsync(plan.Id, identity.Id, $"error listing the source: {e.Details}", ct).ConfigureAwait(false);
        }
    }

    /// <summary>Counts the selection from the plan's checkpoint on; null when the plan was taken from us (aborted or
    /// lease lost) at a checkpoint.</summary>
    private async Task<PlanTally?> CountAsync(Plan plan, OpenedEndpoints endpoints, CancellationToken ct)
    {
        var tally = plan.Tally.Snapshot();
        var sinceCheckpoint = Stopwatch.StartNew();
        await foreach (var item in ObjectSelection.ToCopyAsync(AsMigration(plan), AsRun(plan), endpoints, ct).ConfigureAwait(false))
        {
            tally.Add(item.Key, item.Size);
            if (sinceCheckpoint.Elapsed < CheckpointInterval) continue;
            if (!await scans.CheckpointAsync(plan.Id, identity.Id, tally, ct).ConfigureAwait(false)) return null;
            sinceCheckpoint.Restart();
        }
        return tally;
    }

    /// <summary>The migration the plan stands for, as <see cref="ObjectSelection"/> reads it.</summary>
    private static Migration AsMigration(Plan plan) => new()
    {
        Id = plan.Id,
        Root = plan.Root,
        UserName = plan.UserName,
        Kind = plan.Sync ? MigrationKind.Sync : MigrationKind.Migration,
        SyncMode = plan.Sync ? plan.SyncMode : null,
        Source = plan.Source,
        Destination = plan.Destination,
        Controls = new MigrationControls { Filters = plan.Filters },
    };

    /// <summary>A run listing from the plan's checkpoint, with the plan's by-time threshold.</summary>
    private static MigrationRun AsRun(Plan plan) => new()
    {
        Id = plan.Id,
        MigrationId = plan.Id,
        Number = 1,
        State = MigrationState.Running,
        LastKey = plan.Tally.LastKey,
        Since = plan.Since,
    };

    private async Task RenewLeaseAsync(Guid planId, CancellationTokenSource leased)
    {
        try
        {
            while (true)
            {
                await Task.Delay(Lease / 3, leased.Token).ConfigureAwait(false);
                bool renewed;
                try
                {
                    renewed = await scans.RenewScanAsync(planId, identity.Id, Now() + Lease, leased.Token).ConfigureAwait(false);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    logger.LogWarning(e, "Renewing the scanner lease of plan {PlanId} failed; trying again", planId);
                    continue;
                }
                if (renewed) continue;
                logger.LogInformation("Plan {PlanId} was aborted or its scanner lease lost; scanning stops", planId);
                await leased.CancelAsync().ConfigureAwait(false);
                return;
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private DateTimeOffset Now() => clock.GetUtcNow();
}
