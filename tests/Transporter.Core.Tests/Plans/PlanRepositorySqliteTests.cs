using Transporter.Testing.Persistence;

namespace Transporter.Core.Tests.Plans;

/// <summary>The plan tables on the embedded default: a SQLite file.</summary>
public sealed class PlanRepositorySqliteTests : PlanRepositoryTests
{
    protected override Task<RepositoryTestContext> CreateContextAsync() => Task.FromResult(RepositoryTestContext.Sqlite());
}
