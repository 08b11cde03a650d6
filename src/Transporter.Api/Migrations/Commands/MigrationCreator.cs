using Transporter.Api.Migrations.Contracts;
using Transporter.Api.Scheduling;
using Transporter.Core.Migrations;
using Transporter.Identity;

namespace Transporter.Api.Migrations.Commands;

/// <summary>
/// Creates a caller's migration or sync from a POST /migrations or /sync body (the API and the GUI both come here):
/// validated, stored under the caller's root and user, and started at once or scheduled by its crontab.
/// POST /migrations, /sync, the from-plan endpoints and the GUI all come here.
/// </summary>
public sealed class MigrationCreator(MigrationSchedules schedules)
{
    /// <param name="kind"><see cref="MigrationKind"/>.</param>
    /// <param name="syncMode">The sync mode of a sync; null for a migration.</param>
    /// <param name="bandwidthLimit">Bytes per second, 0 (no limit) or at least <see cref="BandwidthLimit.Minimum"/>.</param>
    /// <param name="planId">The plan the migration is made from, if any.</param>
    public async Task<MigrationCreation> CreateAsync(Caller caller, MigrationRequest body, string kind, string? syncMode, long bandwidthLimit,
        CancellationToken ct, Guid? planId = null)
    {
        var errors = MigrationRequestValidation.Validate(body).ToList();
        if (kind == MigrationKind.Verify && body.DeleteAfterUpload == true) errors.Add("deleteAfterUpload is not valid for a verify run, which copies nothing");
        if (kind != MigrationKind.Verify && body.Deep is not null) errors.Add("deep is valid only for POST /verify");
        if (!BandwidthLimit.IsValid(bandwidthLimit)) errors.Add(BandwidthLimit.Describe(bandwidthLimit));
        if (errors.Count > 0) return new MigrationCreation(null, errors);

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
        };
        await schedules.CreateMigrationAsync(migration, new EndpointPair(body.Source!, body.Destination!), ct);
        return new MigrationCreation(migration, []);
    }
}
