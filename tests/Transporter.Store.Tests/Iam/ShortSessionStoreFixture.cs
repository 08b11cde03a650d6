using Transporter.Testing;
using Transporter.Store.Tests.Peers;

namespace Transporter.Store.Tests.Iam;

/// <summary>The platform (API and store) with STS's minimum session lowered to one second
/// (TRANSPORTER_STS_MIN_DURATION_SECONDS), so tests see temporary keys expire; its API URL is API_URL of every peer.</summary>
public sealed class ShortSessionStoreFixture : StoreFixture
{
    protected override Task<PlatformProcess> StartPlatformAsync() =>
        PlatformProcess.StartAsync(roles: "api,store", extraEnv: new Dictionary<string, string> { ["TRANSPORTER_STS_MIN_DURATION_SECONDS"] = "1" });

    public override Dictionary<string, string> PeerEnvironment()
    {
        var env = base.PeerEnvironment();
        env["API_URL"] = Platform.ApiUrl;
        return env;
    }
}
