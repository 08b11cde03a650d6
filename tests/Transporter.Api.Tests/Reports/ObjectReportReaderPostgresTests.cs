using Transporter.Api.Tests.Migrations.Persistence;

namespace Transporter.Api.Tests.Reports;

/// <summary>The report readers on PostgreSQL 15, same SQL.</summary>
public sealed class ObjectReportReaderPostgresTests : ObjectReportReaderTests
{
    protected override Task<RepositoryTestContext> CreateContextAsync() => RepositoryTestContext.PostgresAsync();
}
