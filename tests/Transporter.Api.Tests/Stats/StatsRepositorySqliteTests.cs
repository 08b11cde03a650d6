using Transporter.Testing.Persistence;

namespace Transporter.Api.Tests.Stats;

/// <summary>Statistics on the embedded default: a SQLite file.</summary>
public sealed class StatsRepositorySqliteTests : StatsRepositoryTests
{
    protected override Task<RepositoryTestContext> CreateContextAsync() => Task.FromResult(RepositoryTestContext.Sqlite());
}
