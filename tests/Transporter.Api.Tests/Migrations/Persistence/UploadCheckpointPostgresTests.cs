namespace Transporter.Api.Tests.Migrations.Persistence;

public sealed class UploadCheckpointPostgresTests : UploadCheckpointTests
{
    protected override Task<RepositoryTestContext> CreateContextAsync() => RepositoryTestContext.PostgresAsync();
}
