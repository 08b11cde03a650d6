using Transporter.Api.Tests.Migrations.Persistence;

namespace Transporter.Api.Tests.Reports;

/// <summary>The report readers on the embedded default: a SQLite file.</summary>
public sealed class ObjectReportReaderSqliteTests : ObjectReportReaderTests
{
    protected override Task<RepositoryTestContext> CreateContextAsync() => Task.FromResult(RepositoryTestContext.Sqlite());
}
