using Transporter.Testing.Persistence;

namespace Transporter.Core.Tests.Reports;

/// <summary>Report preparations on the embedded default: a SQLite file.</summary>
public sealed class ReportPreparationRepositorySqliteTests : ReportPreparationRepositoryTests
{
    protected override Task<RepositoryTestContext> CreateContextAsync() => Task.FromResult(RepositoryTestContext.Sqlite());
}
