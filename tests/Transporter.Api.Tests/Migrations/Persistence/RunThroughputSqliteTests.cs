namespace Transporter.Api.Tests.Migrations.Persistence;

public sealed class RunThroughputSqliteTests : RunThroughputTests
{
    protected override Task<RepositoryTestContext> CreateContextAsync() => Task.FromResult(RepositoryTestContext.Sqlite());
}
