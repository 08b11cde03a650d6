using Transporter.Core.Migrations;
using Transporter.Core.Reports;

namespace Transporter.Api.Reports;

/// <summary>
/// The preparation path from the database to a bundle: the run's report rows streamed from object_reports
/// (<see cref="ObjectReportReader"/>) straight into <see cref="ReportBundleWriter"/>, one row in memory at a time.
/// </summary>
public sealed class ReportBundleBuilder(ObjectReportReader reader, ReportBundleWriter writer)
{
    public Task<ReportBundle> BuildAsync(Migration migration, MigrationRun run, string path, CancellationToken ct = default) =>
        writer.WriteAsync(Summary(migration, run), reader.StreamAsync(run.Id, ct), path, ct);

    public static MigrationReportSummary Summary(Migration migration, MigrationRun run) => new()
    {
        MigrationId = migration.Id,
        Root = migration.Root,
        Source = $"{migration.Source.Type} {migration.Source.Endpoint} {migration.Source.Bucket}/{migration.Source.Prefix}",
        Destination = $"{migration.Destination.Type} {migration.Destination.Endpoint} {migration.Destination.Bucket}",
        State = run.State,
        StartTime = run.StartedAt,
        FinishTime = run.FinishedAt,
    };
}
