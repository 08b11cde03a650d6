using Transporter.Testing.Persistence;

namespace Transporter.Core.Tests.Plans;

/// <summary>The plan tables on PostgreSQL 15 (the distributed deployment's database), same SQL.</summary>
public sealed class PlanRepositoryPostgresTests : PlanRepositoryTests
{
    protected override Task<RepositoryTestContext> CreateContextAsync() => RepositoryTestContext.PostgresAsync();
}
