using Transporter.Testing;

namespace Transporter.Deployment.Tests.Docker;

/// <summary>The built platform serving both the API and the store, for the health check script to probe.</summary>
public sealed class PlatformFixture : IAsyncLifetime
{
    public PlatformProcess Platform { get; private set; } = null!;

    public async Task InitializeAsync() => Platform = await PlatformProcess.StartAsync(roles: "api,store");

    public async Task DisposeAsync() => await Platform.DisposeAsync();
}
