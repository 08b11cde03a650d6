using Transporter.Testing.Persistence;

namespace Transporter.Api.Tests.Scheduling;

/// <summary>The schedule table on PostgreSQL 15 (the distributed deployment's database), same SQL.</summary>
public sealed class ScheduleRepositoryPostgresTests : ScheduleRepositoryTests
{
    protected override Task<RepositoryTestContext> CreateContextAsync() => RepositoryTestContext.PostgresAsync();
}
