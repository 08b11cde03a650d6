using System.Data.Common;
using Dapper;

namespace Transporter.Core.Plans.Persistence;

/// <summary>What both plan repositories' SQL uses: ids as the tables keep them, status lists, and an error line written
/// inside a transaction (a failed scan).</summary>
internal static class PlanSql
{
    public static string Id(Guid id) => id.ToString("D");

    /// <summary>"IN ('queued', 'tested')": statuses inlined (they are the contract's constants, not input).</summary>
    public static string InStatuses(IEnumerable<string> statuses) => $"IN ({string.Join(", ", statuses.Select(s => $"'{s}'"))})";

    /// <summary>Records an error of the plan (at most <see cref="PlanRepository.MaxErrorsPerPlan"/> are kept).</summary>
    public static Task AddErrorAsync(DbConnection connection, DbTransaction? tx, Guid planId, string message, long now, CancellationToken ct) =>
        connection.ExecuteAsync(new CommandDefinition(
            "INSERT INTO plan_errors (plan_id, message, at) SELECT @id, @message, @now WHERE (SELECT COUNT(*) FROM plan_errors WHERE plan_id = @id) < @max",
            new { id = Id(planId), message, now, max = PlanRepository.MaxErrorsPerPlan }, tx, cancellationToken: ct));
}
