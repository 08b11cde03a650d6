using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.Extensions.Options;
using Transporter.Api.Notifications;
using Transporter.Core.Configuration;
using Transporter.Core.Migrations;
using Transporter.Core.Reports;

namespace Transporter.Api.Reports;

/// <summary>
/// Prepares report bundles in the background (POST /reports/prepare/:id) and removes bundles whose link expired.
/// A preparation is claimed in the database with a lease (<see cref="ReportPreparationRepository"/>), so only one per
/// migration runs across all API processes, and one whose process died stops counting once its lease runs out. The
/// work itself lives only as long as this process: on shutdown it is cancelled and recorded as failed. When done, the
/// new bundle and its token's hash are recorded, the previous bundle is deleted, and the recipients are mailed the
/// link (or, on failure, the reason); mail problems are logged by the mailer and never fail a preparation.
/// </summary>
public sealed class ReportPreparationService(
    ReportPreparationRepository preparations,
    ReportBundleBuilder builder,
    ReportBundleStore bundles,
    ReportNotifier notifier,
    IOptions<TransporterOptions> options,
    TimeProvider clock,
    ILogger<ReportPreparationService> logger) : BackgroundService
{
    private static readonly TimeSpan SweepInterval = TimeSpan.FromMinutes(1);
    private readonly string _owner = $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid():N}";
    private readonly CancellationTokenSource _stopping = new();
    private readonly ConcurrentDictionary<Guid, Task> _running = new();

    private TransporterOptions Options => options.Value;

    /// <summary>
    /// Starts preparing the reports of <paramref name="migration"/>'s run <paramref name="run"/> in the background. False
    /// when a preparation of the migration is already under way (here or in another process).
    /// </summary>
    public async Task<bool> TryStartAsync(Migration migration, MigrationRun run, CancellationToken ct)
    {
        if (_stopping.IsCancellationRequested) return false;
        if (!await preparations.TryStartAsync(migration.Id, run.Id, _owner, clock.GetUtcNow() + Options.ReportLease, ct)) return false;
        var work = Task.Run(() => PrepareAsync(migration, run), CancellationToken.None);
        _running[migration.Id] = work;
        _ = work.ContinueWith(_ => _running.TryRemove(new KeyValuePair<Guid, Task>(migration.Id, work)), TaskScheduler.Default);
        return true;
    }

    private async Task PrepareAsync(Migration migration, MigrationRun run)
    {
        using var work = CancellationTokenSource.CreateLinkedTokenSource(_stopping.Token);
        using var done = new CancellationTokenSource();
        var lease = KeepLeaseAsync(migration.Id, work, done.Token);
        var clockStart = Stopwatch.StartNew();
        var name = ReportBundleStore.NewBundleName(clock.GetUtcNow());
        string? path = null;
        try
        {
            path = bundles.PathOf(migration.Id, name);
            logger.LogInformation("Preparing the reports of migration {MigrationId} (run {RunNumber})", migration.Id, run.Number);
            var bundle = await builder.BuildAsync(migration, run, path, work.Token);
            var (token, hash) = DownloadToken.Create();
            var expiresAt = clock.GetUtcNow() + Options.ReportLinkLifetime;
            var (completed, replaced) = await preparations.CompleteAsync(migration.Id, _owner, name, hash, expiresAt, CancellationToken.None);
            if (!completed)
            {
                logger.LogWarning("Lost the preparation of migration {MigrationId}'s reports to another process; discarding its bundle", migration.Id);
                File.Delete(path);
                return;
            }
            if (replaced is not null) DeleteQuietly(migration.Id, replaced);
            logger.LogInformation(
                "Reports of migration {MigrationId} ready in {Seconds:F1} s: {Succeeded} succeeded and {Failed} failed objects, {Size} bytes",
                migration.Id, clockStart.Elapsed.TotalSeconds, bundle.ObjectsSucceeded, bundle.ObjectsFailed, bundle.SizeBytes);
            await done.CancelAsync();
            await notifier.ReportsReadyAsync(migration, token, expiresAt);
        }
        catch (OperationCanceledException) when (work.IsCancellationRequested)
        {
            var reason = _stopping.IsCancellationRequested ? "the process preparing them stopped" : "another process took the preparation over";
            logger.LogWarning("Preparing the reports of migration {MigrationId} stopped: {Reason}", migration.Id, reason);
            await preparations.FailAsync(migration.Id, _owner, reason, CancellationToken.None);
        }
        catch (Exception e)
        {
            logger.LogError(e, "Preparing the reports of migration {MigrationId} failed", migration.Id);
            await done.CancelAsync();
            var recorded = false;
            try
            {
                recorded = await preparations.FailAsync(migration.Id, _owner, e.Message, CancellationToken.None);
            }
            catch (Exception recordError)
            {
                logger.LogError("Could not record the failed preparation of migration {MigrationId}: {Error}", migration.Id, recordError.Message);
            }
            if (recorded) await notifier.ReportsFailedAsync(migration, e.Message);
        }
        finally
        {
            await done.CancelAsync();
            await lease;
        }
    }

    /// <summary>Renews the lease every third of its length until <paramref name="done"/>; cancels the work when the lease
    /// is lost.</summary>
    private async Task KeepLeaseAsync(Guid migrationId, CancellationTokenSource work, CancellationToken done)
    {
        using var timer = new PeriodicTimer(Options.ReportLease / 3, clock);
        try
        {
            while (await timer.WaitForNextTickAsync(done))
            {
                try
                {
                    if (await preparations.RenewAsync(migrationId, _owner, clock.GetUtcNow() + Options.ReportLease, done)) continue;
                    await work.CancelAsync();
                    return;
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    logger.LogWarning("Renewing the report preparation lease of migration {MigrationId} failed: {Error}", migrationId, e.Message);
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    /// <summary>Every minute: forgets and deletes bundles whose download link expired.</summary>
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(SweepInterval, clock);
        do
        {
            try
            {
                await RemoveExpiredBundlesAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning("Removing expired report bundles failed: {Error}", e.Message);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    /// <summary>Forgets and deletes the bundles whose link expired; returns how many.</summary>
    public async Task<int> RemoveExpiredBundlesAsync(CancellationToken ct)
    {
        var removed = 0;
        while (true)
        {
            var expired = await preparations.FindExpiredBundlesAsync(clock.GetUtcNow(), 100, ct);
            foreach (var (migrationId, bundle) in expired)
            {
                if (!await preparations.ForgetBundleAsync(migrationId, bundle, ct)) continue;
                DeleteQuietly(migrationId, bundle);
                removed++;
            }
            if (expired.Count < 100) return removed;
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync();
        try
        {
            await Task.WhenAll(_running.Values).WaitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
        }
        await base.StopAsync(cancellationToken);
    }

    public override void Dispose()
    {
        _stopping.Dispose();
        base.Dispose();
    }

    private void DeleteQuietly(Guid migrationId, string bundle)
    {
        try
        {
            bundles.Delete(migrationId, bundle);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
        {
            logger.LogWarning("Could not delete report bundle {Bundle} of migration {MigrationId}: {Error}", bundle, migrationId, e.Message);
        }
    }
}
