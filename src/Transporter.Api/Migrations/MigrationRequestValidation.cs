using Transporter.Api.Migrations.Contracts;
using Transporter.Core.Bandwidth;
using Transporter.Api.Scheduling;
using Transporter.Core.Endpoints;
using Transporter.Core.Migrations;

namespace Transporter.Api.Migrations;

/// <summary>What makes a POST /migrations or /sync body unusable, each problem worded for "details".</summary>
public static class MigrationRequestValidation
{
    /// <param name="kind"><see cref="MigrationKind"/>: deleteExtraneous is for syncs only.</param>
    public static IReadOnlyList<string> Validate(MigrationRequest request, string kind)
    {
        var errors = new List<string>();
        if (request.Source is null) errors.Add("source is required");
        else errors.AddRange(request.Source.Validate(EndpointRole.Source).Select(e => "source: " + e));
        if (request.Destination is null) errors.Add("destination is required");
        else errors.AddRange(request.Destination.Validate(EndpointRole.Destination).Select(e => "destination: " + e));
        if (request.Crontab is { } crontab)
            errors.AddRange(ScheduleValidation.Validate(crontab.Spec, crontab.MaxRuns).Select(e => "crontab: " + e));
        if (request.Filters is { } filters) errors.AddRange(filters.Validate());
        if (request.DeleteExtraneous == true && kind != MigrationKind.Sync)
            errors.Add("deleteExtraneous is for syncs only (POST /sync): a migration never deletes at the destination");
        if (request.BandwidthTimetable is { } timetable)
        {
            BandwidthTimetable.Compile(timetable, request.TimeZone, out var timetableErrors);
            errors.AddRange(timetableErrors);
        }
        else if (request.TimeZone is not null) errors.Add("timeZone needs a bandwidthTimetable (it is the timetable's time zone)");
        if (request.AllVersions == true)
        {
            if (kind != MigrationKind.Migration) errors.Add("allVersions is for migrations only (POST /migrations)");
            if (request.Source?.Type is { } type && (!EndpointType.IsS3Family(type) || type == EndpointType.Gcp))
                errors.Add($"allVersions needs a source that keeps versions through the S3 API (lyve, aws, s3v4, s3v2), not {type}");
            if (request.DeleteAfterUpload == true) errors.Add("allVersions cannot be combined with deleteAfterUpload");
        }
        if (request.Webhooks is { } webhooks) errors.AddRange(Core.Webhooks.WebhookTarget.Validate(webhooks));
        if (request.MaxDelete is { } maxDelete)
        {
            if (request.DeleteExtraneous != true) errors.Add("maxDelete needs deleteExtraneous: true");
            DeleteLimit.Parse(maxDelete, out var maxDeleteError);
            if (maxDeleteError is not null) errors.Add(maxDeleteError);
        }
        foreach (var (notification, i) in (request.Notifications ?? []).Select((n, i) => (n, i)))
            errors.AddRange(Validate(notification).Select(e => $"notifications[{i}]: {e}"));
        return errors;
    }

    private static IEnumerable<string> Validate(NotificationConfig? notification)
    {
        if (notification is null)
        {
            yield return "must be an object";
            yield break;
        }
        if (string.IsNullOrWhiteSpace(notification.Event)) yield return "event is required";
        if (notification.Carrier != "email") yield return $"carrier must be \"email\", got \"{notification.Carrier}\"";
        if (notification.Destination is not { Count: > 0 }) yield return "destination must list at least one email address";
        else
            foreach (var address in notification.Destination)
                if (string.IsNullOrWhiteSpace(address) || !System.Net.Mail.MailAddress.TryCreate(address, out _))
                    yield return $"'{address}' is not an email address";
    }
}
