using Transporter.Testing.Persistence;

namespace Transporter.Core.Tests.Migrations.Persistence;

public sealed class UploadCheckpointPostgresTests : UploadCheckpointTests
{
    protected override Task<RepositoryTestContext> CreateContextAsync() => RepositoryTestContext.PostgresAsync();
}
