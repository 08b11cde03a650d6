using Transporter.Testing.Persistence;

namespace Transporter.Core.Tests.Migrations.Persistence;

public sealed class RunThroughputPostgresTests : RunThroughputTests
{
    protected override Task<RepositoryTestContext> CreateContextAsync() => RepositoryTestContext.PostgresAsync();
}
