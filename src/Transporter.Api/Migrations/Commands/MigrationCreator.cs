using Transporter.Api.Migrations.Contracts;
using Transporter.Api.Scheduling;
using Transporter.Core.Migrations;
using Transporter.Core.SavedBuckets;
using Transporter.Identity;

namespace Transporter.Api.Migrations.Commands;

/// <summary>
/// Creates a caller's migration or sync from a POST /migrations or /sync body (the API and the GUI both come here):
/// validated, stored under the caller's root and user, and started at once or scheduled by its crontab.
/// POST /migrations, /sync, the from-plan endpoints and the GUI all come here.
/// </summary>
public sealed class MigrationCreator(MigrationSchedules schedules, SavedBucketRepository savedBuckets)
{
    /// <param name="kind"><see cref="MigrationKind"/>.</param>
    /// <param name="syncMode">The sync mode of a sync; null for a migration.</param>
    /// <param name="bandwidthLimit">Bytes per second, 0 (no limit) or at least <see cref="BandwidthLimit.Minimum"/>.</param>
    /// <param name="planId">The plan the migration is made from, if any.</param>
    public async Task<MigrationCreation> CreateAsync(Caller caller, MigrationRequest body, string kind, string? syncMode, long bandwidthLimit,
        CancellationToken ct, Guid? planId = null)
    {
        // Endpoints naming a saved bucket are checked as the table resolves them now; the migration keeps the name, so
        // each run resolves it again.
        var stored = body;
        var errors = new List<string>();
        foreach (var (side, config) in new[] { ("source", body.Source), ("destination", body.Destination) })
        {
            if (config is null) continue;
            var (resolved, problem) = await SavedBucketResolver.ResolveAsync(savedBuckets, caller.Root, config, ct);
            if (problem is not null) errors.Add($"{side}: {problem}");
            else body = side == "source" ? body with { Source = resolved } : body with { Destination = resolved };
        }
        errors.AddRange(MigrationRequestValidation.Validate(body, kind));
        if (kind == MigrationKind.Verify && body.DeleteAfterUpload == true) errors.Add("deleteAfterUpload is not valid for a verify run, which copies nothing");
        if (kind != MigrationKind.Verify && body.Deep is not null) errors.Add("deep is valid only for POST /verify");
        if (!BandwidthLimit.IsValid(bandwidthLimit)) errors.Add(BandwidthLimit.Describe(bandwidthLimit));
        if (errors.Count > 0) return new MigrationCreation(null, errors);
        var webhooks = body.Webhooks?.OfType<Core.Webhooks.WebhookTarget>().ToList() ?? [];

        var migration = new Migration
        {
            Id = Guid.NewGuid(),
            Root = caller.Root,
            UserName = caller.UserName,
            Kind = kind,
            SyncMode = syncMode,
            Source = body.Source!.WithoutSecrets(),
            Destination = body.Destination!.WithoutSecrets(),
            BandwidthLimit = bandwidthLimit,
            EnableStatistics = body.EnableStatistics ?? false,
            Notifications = body.Notifications ?? [],
            DeleteAfterUpload = body.DeleteAfterUpload ?? false,
            SkipVerify = body.SkipVerify ?? false,
            Deep = body.Deep ?? false,
            Crontab = body.Crontab,
            PlanId = planId,
            Controls = new MigrationControls
            {
                Filters = body.Filters is { IsEmpty: false } f ? f : null,
                DeleteExtraneous = body.DeleteExtraneous ?? false,
                MaxDelete = body.MaxDelete is { } maxDelete ? DeleteLimit.Parse(maxDelete, out _) : null,
                BandwidthTimetable = body.BandwidthTimetable is { Count: > 0 } timetable ? [.. timetable.OfType<Core.Bandwidth.BandwidthWindow>()] : null,
                TimeZone = body.BandwidthTimetable is { Count: > 0 } ? body.TimeZone : null,
                Webhooks = webhooks.Count > 0 ? webhooks.Select(w => w with { Secret = null }).ToList() : null,
                AllVersions = body.AllVersions ?? false,
            },
        };
        // A saved bucket is kept by name (each run resolves it again); webhook secrets are kept encrypted with the
        // endpoints' credentials, in the webhooks' order.
        var source = string.IsNullOrEmpty(stored.Source!.SavedBucket) ? body.Source! : stored.Source;
        var destination = string.IsNullOrEmpty(stored.Destination!.SavedBucket) ? body.Destination! : stored.Destination;
        var endpoints = new EndpointPair(source, destination) { WebhookSecrets = webhooks.Count > 0 ? webhooks.Select(w => w.Secret!).ToList() : null };
        await schedules.CreateMigrationAsync(migration, endpoints, ct);
        return new MigrationCreation(migration, []);
    }
}
