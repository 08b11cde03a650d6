using Dapper;

namespace Transporter.Core.Migrations.Persistence;

public sealed partial class MigrationRepository
{
    /// <summary>
    /// Adds a batch's throttled answers to the run's count and records its most limited endpoint's allowed rate (null:
    /// none limited), as the worker that copied the batch saw them (docs/migration-engine.md, "Request rates").
    /// </summary>
    public async Task RecordRequestRatesAsync(Guid runId, long throttled, double? rate, CancellationToken ct = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(throttled);
        await using var connection = await OpenAsync(ct).ConfigureAwait(false);
        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE migration_runs SET throttled_requests = throttled_requests + @throttled, request_rate = @rate WHERE id = @id",
            new { id = Id(runId), throttled, rate }, cancellationToken: ct)).ConfigureAwait(false);
    }
}
