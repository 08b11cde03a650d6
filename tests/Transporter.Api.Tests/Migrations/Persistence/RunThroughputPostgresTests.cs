namespace Transporter.Api.Tests.Migrations.Persistence;

public sealed class RunThroughputPostgresTests : RunThroughputTests
{
    protected override Task<RepositoryTestContext> CreateContextAsync() => RepositoryTestContext.PostgresAsync();
}
