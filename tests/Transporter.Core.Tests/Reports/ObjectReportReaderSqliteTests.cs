using Transporter.Testing.Persistence;

namespace Transporter.Core.Tests.Reports;

/// <summary>The report readers on the embedded default: a SQLite file.</summary>
public sealed class ObjectReportReaderSqliteTests : ObjectReportReaderTests
{
    protected override Task<RepositoryTestContext> CreateContextAsync() => Task.FromResult(RepositoryTestContext.Sqlite());
}
