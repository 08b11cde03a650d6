using Transporter.Testing.Persistence;

namespace Transporter.Api.Tests.Scheduling;

/// <summary>The schedule table on the embedded default: a SQLite file.</summary>
public sealed class ScheduleRepositorySqliteTests : ScheduleRepositoryTests
{
    protected override Task<RepositoryTestContext> CreateContextAsync() => Task.FromResult(RepositoryTestContext.Sqlite());
}
