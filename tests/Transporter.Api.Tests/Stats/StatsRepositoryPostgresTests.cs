using Transporter.Testing.Persistence;

namespace Transporter.Api.Tests.Stats;

/// <summary>Statistics on PostgreSQL 15, same SQL.</summary>
public sealed class StatsRepositoryPostgresTests : StatsRepositoryTests
{
    protected override Task<RepositoryTestContext> CreateContextAsync() => RepositoryTestContext.PostgresAsync();
}
