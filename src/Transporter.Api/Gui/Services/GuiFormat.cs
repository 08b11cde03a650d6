using System.Globalization;
using Transporter.Api.Scheduling;
using Transporter.Core.Endpoints;
using Transporter.Core.Migrations;
using Transporter.Core.Plans;

namespace Transporter.Api.Gui.Services;

/// <summary>How the GUI writes times, states and endpoints.</summary>
public static class GuiFormat
{
    public static string Time(DateTimeOffset? time) =>
        time is { } t ? t.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) + " UTC" : "—";

    /// <summary>"CompletedWithErrors" as "Completed with errors".</summary>
    public static string State(MigrationState state)
    {
        var name = state.Description();
        var words = new System.Text.StringBuilder(name[..1]);
        foreach (var c in name[1..]) words.Append(char.IsUpper(c) ? " " + char.ToLowerInvariant(c) : c);
        return words.ToString();
    }

    /// <summary>The state a migration shows, as the API's views: Waiting between runs of an active schedule, else its latest
    /// run's (Queued before the first).</summary>
    public static MigrationState StateOf(MigrationWithRun item, ScheduleSnapshot? schedule = null)
    {
        var runState = item.LatestRun?.State ?? (item.Migration.Crontab is null ? MigrationState.Queued : MigrationState.Waiting);
        return schedule?.StateOf(item.LatestRun, runState) ?? runState;
    }

    /// <summary>"12 s ago" while the run works (a run without progress for long explains why in its messages); the time
    /// itself once it ended, paused or waits.</summary>
    public static string SinceProgress(MigrationRun? run, DateTimeOffset now)
    {
        if (run?.ProgressAt is not { } at) return "—";
        if (!MigrationStateMachine.Active.Contains(run.State)) return Time(at);
        var seconds = Math.Max(0, (long)(now - at).TotalSeconds);
        return seconds < 120 ? $"{seconds} s ago" : $"{seconds / 60} min ago";
    }

    /// <summary>"under a minute", "about 12 minutes", "about 3 h 20 min", "about 2 days 4 h": an estimate's time.</summary>
    public static string Duration(long seconds) => seconds switch
    {
        < 60 => "under a minute",
        < 3600 => $"about {Math.Ceiling(seconds / 60.0):0} minutes",
        < 86400 => $"about {seconds / 3600} h {seconds % 3600 / 60} min",
        _ => $"about {seconds / 86400} days {seconds % 86400 / 3600} h",
    };

    public static string StateClass(MigrationState state) => state switch
    {
        MigrationState.Completed => "ok",
        MigrationState.CompletedWithErrors => "warn",
        MigrationState.Failed or MigrationState.Terminated => "bad",
        MigrationState.Paused or MigrationState.Waiting or MigrationState.Queued => "idle",
        _ => "active",
    };

    public static string Endpoint(EndpointConfig endpoint) =>
        $"{endpoint.Type}: {endpoint.Bucket}{(string.IsNullOrEmpty(endpoint.Prefix) ? "" : "/" + endpoint.Prefix)}";

    public static string Kind(Migration migration) =>
        (migration.Kind == MigrationKind.Sync ? $"Sync ({migration.SyncMode ?? SyncMode.Simple})"
            : migration.Kind == MigrationKind.Verify ? (migration.Deep ? "Verify (deep)" : "Verify") : "Migration")
        + (migration.Crontab is null ? "" : ", scheduled");

    public static string PlanStatusClass(string status) => status switch
    {
        PlanStatus.Ended => "ok",
        PlanStatus.Failed or PlanStatus.Aborted => "bad",
        PlanStatus.Queued => "idle",
        _ => "active",
    };
}
