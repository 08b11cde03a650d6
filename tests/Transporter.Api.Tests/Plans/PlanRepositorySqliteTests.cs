using Transporter.Api.Tests.Migrations.Persistence;

namespace Transporter.Api.Tests.Plans;

/// <summary>The plan tables on the embedded default: a SQLite file.</summary>
public sealed class PlanRepositorySqliteTests : PlanRepositoryTests
{
    protected override Task<RepositoryTestContext> CreateContextAsync() => Task.FromResult(RepositoryTestContext.Sqlite());
}
