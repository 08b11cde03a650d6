using Transporter.Testing.Persistence;

namespace Transporter.Core.Tests.Reports;

/// <summary>The report readers on PostgreSQL 15, same SQL.</summary>
public sealed class ObjectReportReaderPostgresTests : ObjectReportReaderTests
{
    protected override Task<RepositoryTestContext> CreateContextAsync() => RepositoryTestContext.PostgresAsync();
}
