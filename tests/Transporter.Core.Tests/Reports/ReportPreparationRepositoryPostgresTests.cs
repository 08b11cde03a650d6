using Transporter.Testing.Persistence;

namespace Transporter.Core.Tests.Reports;

/// <summary>Report preparations on PostgreSQL 15, same SQL.</summary>
public sealed class ReportPreparationRepositoryPostgresTests : ReportPreparationRepositoryTests
{
    protected override Task<RepositoryTestContext> CreateContextAsync() => RepositoryTestContext.PostgresAsync();
}
