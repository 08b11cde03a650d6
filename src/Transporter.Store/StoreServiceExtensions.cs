using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Server.Kestrel.Transport.Sockets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Transporter.Core.Configuration;
using Transporter.Identity.Signatures;
using Transporter.Store.Engine;
using Transporter.Store.Protocol;
using Transporter.Store.Protocol.Handlers;
using Transporter.Store.Protocol.Routing;

namespace Transporter.Store;

/// <summary>Registers the built-in S3 store and serves it on its own port of the host.</summary>
public static class StoreServiceExtensions
{
    /// <summary>
    /// The storage engine (metadata and data under DATA_DIR/store) and the S3 protocol. The request authenticator
    /// comes from the identity store (AddIdentityStore).
    /// </summary>
    public static IHostApplicationBuilder AddS3Store(this IHostApplicationBuilder builder)
    {
        // Uploads stream through Kestrel in 4 KiB socket reads; skipping the zero-byte "wait for data" read before each
        // one halves the receive system calls of a large body (idle connections then hold one 4 KiB buffer each).
        builder.Services.Configure<SocketTransportOptions>(o => o.WaitForDataBeforeAllocatingBuffer = false);
        builder.Services.AddSingleton<StorageEngineOpener>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<StorageEngineOpener>());
        builder.Services.AddSingleton(sp =>
        {
            var platform = sp.GetRequiredService<IOptions<TransporterOptions>>().Value;
            return new RequestTargetParser(VirtualHostDomains(platform));
        });
        builder.Services.AddSingleton(sp => new S3Handler(
            sp.GetRequiredService<StorageEngineOpener>().Engine, sp.GetRequiredService<IOptions<TransporterOptions>>().Value.Region));
        builder.Services.AddSingleton(sp => new S3RequestPipeline(
            sp.GetRequiredService<IRequestAuthenticator>(), sp.GetRequiredService<RequestTargetParser>(),
            sp.GetRequiredService<S3Handler>(), sp.GetRequiredService<ILoggerFactory>().CreateLogger("Transporter.Store.S3")));
        return builder;
    }

    /// <summary>Answers every request arriving on <paramref name="port"/> as the S3 store, ahead of the API's pipeline.</summary>
    public static WebApplication UseS3Store(this WebApplication app, int port)
    {
        // Resolved by the first request, once StorageEngineOpener has opened the engine at start-up.
        S3RequestPipeline? pipeline = null;
        app.MapWhen(ctx => ctx.Connection.LocalPort == port,
            s3 => s3.Run(ctx => (pipeline ??= app.Services.GetRequiredService<S3RequestPipeline>()).HandleAsync(ctx)));
        return app;
    }

    private static List<string> VirtualHostDomains(TransporterOptions platform)
    {
        if (!string.IsNullOrWhiteSpace(platform.S3Domains))
            return platform.S3Domains.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();
        var domains = new List<string> { "localhost" };
        if (Uri.TryCreate(platform.S3Url, UriKind.Absolute, out var url) && url.Host != "localhost") domains.Insert(0, url.Host);
        return domains;
    }
}
