using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Transporter.Core.Migrations;
using Transporter.Core.Reports;

namespace Transporter.Api.Reports;

/// <summary>
/// The preparation path from the database to a bundle: the run's report rows streamed from object_reports
/// (<see cref="ObjectReportReader"/>) into <see cref="ReportBundleWriter"/>. Reading the database and writing the CSV
/// run side by side, handing rows over in small chunks through a bounded channel, so memory stays flat (a few
/// thousand rows in flight) and a bundle takes about as long as the slower of the two, not their sum.
/// </summary>
public sealed class ReportBundleBuilder(ObjectReportReader reader, ReportBundleWriter writer)
{
    private const int ChunkRows = 512;
    private const int ChunksInFlight = 8;

    public async Task<ReportBundle> BuildAsync(Migration migration, MigrationRun run, string path, CancellationToken ct = default)
    {
        var chunks = Channel.CreateBounded<ObjectReport[]>(new BoundedChannelOptions(ChunksInFlight) { SingleReader = true, SingleWriter = true });
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var reading = Task.Run(() => ReadAsync(run.Id, chunks.Writer, stop.Token), CancellationToken.None);
        try
        {
            var deletions = migration.Controls.DeleteExtraneous ? reader.StreamDeletionsAsync(run.Id, stop.Token) : null;
            var versions = migration.Controls.AllVersions ? reader.StreamVersionsAsync(run.Id, stop.Token) : null;
            return await writer.WriteAsync(Summary(migration, run), Rows(chunks.Reader, stop.Token), path, deletions, versions, stop.Token);
        }
        finally
        {
            await stop.CancelAsync();
            await reading;
        }
    }

    private async Task ReadAsync(Guid runId, ChannelWriter<ObjectReport[]> chunks, CancellationToken ct)
    {
        try
        {
            var chunk = new List<ObjectReport>(ChunkRows);
            await foreach (var row in reader.StreamAsync(runId, ct))
            {
                chunk.Add(row);
                if (chunk.Count < ChunkRows) continue;
                await chunks.WriteAsync([.. chunk], ct);
                chunk.Clear();
            }
            if (chunk.Count > 0) await chunks.WriteAsync([.. chunk], ct);
            chunks.Complete();
        }
        catch (Exception e)
        {
            chunks.TryComplete(e); // the writer sees the failure (or was the one that stopped us)
        }
    }

    private static async IAsyncEnumerable<ObjectReport> Rows(ChannelReader<ObjectReport[]> chunks, [EnumeratorCancellation] CancellationToken ct)
    {
        await foreach (var chunk in chunks.ReadAllAsync(ct))
            foreach (var row in chunk) yield return row;
    }

    public static MigrationReportSummary Summary(Migration migration, MigrationRun run) => new()
    {
        MigrationId = migration.Id,
        Root = migration.Root,
        Source = $"{migration.Source.Type} {migration.Source.Endpoint} {migration.Source.Bucket}/{migration.Source.Prefix}",
        Destination = $"{migration.Destination.Type} {migration.Destination.Endpoint} {migration.Destination.Bucket}",
        DestinationBucket = migration.Destination.Bucket ?? "",
        State = run.State,
        StartTime = run.StartedAt,
        FinishTime = run.FinishedAt,
    };
}
