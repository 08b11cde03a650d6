using System.Globalization;
using Transporter.Core.Endpoints;
using Transporter.Core.Migrations;

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

    /// <summary>The state a migration shows: its latest run's, Waiting for a schedule that has not fired, else Queued.</summary>
    public static MigrationState StateOf(MigrationWithRun item) =>
        item.LatestRun?.State ?? (item.Migration.Crontab is null ? MigrationState.Queued : MigrationState.Waiting);

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
        (migration.Kind == MigrationKind.Sync ? $"Sync ({migration.SyncMode ?? SyncMode.Simple})" : "Migration")
        + (migration.Crontab is null ? "" : ", scheduled");
}
