using Transporter.Testing.Persistence;

namespace Transporter.Core.Tests.Migrations.Persistence;

/// <summary>The tests on PostgreSQL (the distributed deployment's database), same SQL.</summary>
public sealed class DeletionRepositoryPostgresTests : DeletionRepositoryTests
{
    protected override Task<RepositoryTestContext> CreateContextAsync() => RepositoryTestContext.PostgresAsync();
}
