using Transporter.Testing.Persistence;

namespace Transporter.Core.Tests.Migrations.Persistence;

public sealed class UploadCheckpointSqliteTests : UploadCheckpointTests
{
    protected override Task<RepositoryTestContext> CreateContextAsync() => Task.FromResult(RepositoryTestContext.Sqlite());
}
