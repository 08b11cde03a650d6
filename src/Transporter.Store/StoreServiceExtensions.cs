using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Server.Kestrel.Transport.Sockets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Transporter.Core.Configuration;
using Transporter.Core.Diagnostics;
using Transporter.Core.Hosting;
using Transporter.Store.Engine;
using Transporter.Store.Protocol;
using Transporter.Identity.Accounts;
using Transporter.Identity.Policies;
using Transporter.Identity.Signatures;
using Transporter.Store.Iam;
using Transporter.Store.Protocol.Access;
using Transporter.Store.Protocol.Refusals;
using Transporter.Store.Protocol.Cors;
using Transporter.Store.Protocol.Logging;
using Transporter.Store.Protocol.Handlers;
using Transporter.Store.Protocol.Routing;

namespace Transporter.Store;

/// <summary>Registers the built-in S3 store and serves it on its own port of the host.</summary>
public static class StoreServiceExtensions
{
    /// <summary>
    /// The storage engine (metadata and data under DATA_DIR/store) and the S3 protocol. The request authenticator
    /// comes from the identity stores (AddIdentityStores).
    /// </summary>
    public static IHostApplicationBuilder AddS3Store(this IHostApplicationBuilder builder)
    {
        // Uploads stream through Kestrel in 4 KiB socket reads; skipping the zero-byte "wait for data" read before each
        // one halves the receive system calls of a large body (idle connections then hold one 4 KiB buffer each).
        builder.Services.Configure<SocketTransportOptions>(o => o.WaitForDataBeforeAllocatingBuffer = false);
        // Requests Kestrel refuses before the application sees them get S3 error XML instead of an empty body (the
        // host's connection layer writes what this renderer returns).
        builder.Services.AddSingleton<IRefusalRenderer>(sp => new S3RefusalRenderer(new Uri(sp.GetRequiredService<IOptions<TransporterOptions>>().Value.S3Url).Port));
        builder.Services.AddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IOptions<TransporterOptions>>().Value;
            var logger = sp.GetRequiredService<ILoggerFactory>().CreateLogger("Transporter.Store");
            var engineOptions = new StorageEngineOptions
            {
                ContentCacheBytes = Math.Max(0, options.S3CacheMiB) * 1024L * 1024,
                InlineMaxObjectBytes = options.S3InlineKiB * 1024,
                Clock = sp.GetService<TimeProvider>() ?? TimeProvider.System,
                MasterKey = sp.GetService<Transporter.Core.Security.SecretProtector>(),
            };
            // Not opened yet: StorageEngineInitializer recovers it (temporary files, unreferenced data) at start-up.
            return StorageEngine.Create(options.DataPath("store"), logger, engineOptions);
        });
        builder.Services.AddHostedService<StorageEngineInitializer>();
        builder.Services.AddSingleton(sp =>
        {
            var platform = sp.GetRequiredService<IOptions<TransporterOptions>>().Value;
            return new RequestTargetParser(VirtualHostDomains(platform));
        });
        builder.Services.AddSingleton(sp => new RequestAuthorizer(sp.GetRequiredService<StorageEngine>(), sp.GetRequiredService<CallerPolicies>()));
        builder.Services.AddSingleton(sp => new AccessLogDelivery(sp.GetRequiredService<StorageEngine>(),
            TimeSpan.FromSeconds(Math.Max(1, sp.GetRequiredService<IOptions<TransporterOptions>>().Value.S3LogSeconds)),
            sp.GetService<TimeProvider>() ?? TimeProvider.System, sp.GetRequiredService<ILogger<AccessLogDelivery>>()));
        builder.Services.AddHostedService(sp => sp.GetRequiredService<AccessLogDelivery>());
        builder.Services.AddHostedService(sp => new LifecycleSweepService(sp.GetRequiredService<StorageEngine>(),
            TimeSpan.FromSeconds(Math.Max(1, sp.GetRequiredService<IOptions<TransporterOptions>>().Value.S3LifecycleSeconds)),
            sp.GetService<TimeProvider>() ?? TimeProvider.System, sp.GetRequiredService<ILogger<LifecycleSweepService>>()));
        builder.Services.AddSingleton(sp =>
        {
            var roots = sp.GetRequiredService<RootStore>();
            // ACL grants name roots by their name (the canonical user id of this store).
            bool RootExists(string name) => roots.GetRootAsync(name).GetAwaiter().GetResult() is not null;
            return new S3Handler(sp.GetRequiredService<StorageEngine>(), sp.GetRequiredService<IOptions<TransporterOptions>>().Value.Region,
                sp.GetRequiredService<RequestAuthorizer>(), RootExists, new PostPolicySignature(sp.GetRequiredService<IAccessKeyLookup>()),
                new LinkSigner(sp.GetRequiredService<IAccessKeyLookup>()))
            {
                CreationGate = sp.GetService<Admin.Garage.BucketCreationGate>(),
            };
        });
        builder.Services.AddSingleton(sp => new IamEndpoint(
            sp.GetRequiredService<IRequestAuthenticator>(), sp.GetRequiredService<RootStore>(), sp.GetRequiredService<AuditLog>(),
            ActivatorUtilities.CreateInstance<IamHandler>(sp),
            new StsHandler(sp.GetRequiredService<SessionStore>(), sp.GetRequiredService<IOptions<TransporterOptions>>().Value.StsMinDurationSeconds),
            ActivatorUtilities.CreateInstance<RsLoginHandler>(sp),
            new RsResetPasswordHandler(sp.GetRequiredService<PasswordStore>()),
            ActivatorUtilities.CreateInstance<CustomerHandler>(sp, (IReadOnlyList<string>)[sp.GetRequiredService<IOptions<TransporterOptions>>().Value.Region],
                sp.GetRequiredService<IOptions<TransporterOptions>>().Value.StsMinDurationSeconds),
            new WhitelistHandler(sp.GetRequiredService<Identity.Customers.WhitelistStore>(), sp.GetRequiredService<Identity.Customers.CustomerStore>(),
                sp.GetRequiredService<Identity.Customers.Resellers>(), sp.GetService<TimeProvider>() ?? TimeProvider.System),
            new SamlConnectionHandler(sp.GetRequiredService<Identity.Customers.SamlConnectionStore>(),
                sp.GetRequiredService<IOptions<TransporterOptions>>().Value.PublicUrl ?? sp.GetRequiredService<IOptions<TransporterOptions>>().Value.ApiUrl),
            new BillingHandler(sp.GetRequiredService<Billing.BillingStore>(), sp.GetRequiredService<Billing.BillingMeter>(),
                sp.GetRequiredService<Identity.Customers.CustomerStore>(), sp.GetRequiredService<Identity.Customers.Resellers>(),
                sp.GetRequiredService<IOptions<TransporterOptions>>().Value.Region, sp.GetService<TimeProvider>() ?? TimeProvider.System),
            sp.GetRequiredService<Identity.Customers.RootAccessGate>(),
            sp.GetService<TimeProvider>() ?? TimeProvider.System,
            sp.GetRequiredService<ILoggerFactory>().CreateLogger("Transporter.Store.Iam")));
        builder.Services.AddSingleton(sp => new S3RequestPipeline(
            sp.GetRequiredService<IRequestAuthenticator>(), sp.GetRequiredService<RequestTargetParser>(),
            sp.GetRequiredService<S3Handler>(), new CorsResponder(sp.GetRequiredService<StorageEngine>()),
            sp.GetRequiredService<RequestAuthorizer>(), sp.GetRequiredService<AccessLogDelivery>(),
            sp.GetRequiredService<IamEndpoint>(), sp.GetRequiredService<TransporterMetrics>(), sp.GetRequiredService<StorageEngine>(),
            sp.GetRequiredService<Identity.Customers.RootAccessGate>(), sp.GetRequiredService<ILoggerFactory>().CreateLogger("Transporter.Store.S3"))
        {
            Ostor = sp.GetService<Admin.Ostor.OstorAdmin>(),
            LocalAliases = sp.GetService<Admin.Garage.LocalBucketAliases>(),
            Billing = sp.GetRequiredService<Billing.BillingMeter>(),
        });
        builder.Services.AddSingleton<Billing.BillingStore>();
        builder.Services.AddSingleton<Billing.BillingMeter>();
        builder.Services.AddHostedService<Billing.BillingFlushService>();
        return builder;
    }

    /// <summary>Answers every request arriving on <paramref name="port"/> as the S3 store, ahead of the API's pipeline.</summary>
    public static WebApplication UseS3Store(this WebApplication app, int port)
    {
        // Resolved now so that a store that cannot be composed stops the process at start-up (its data is opened by
        // StorageEngineInitializer before Kestrel serves).
        var pipeline = app.Services.GetRequiredService<S3RequestPipeline>();
        app.MapWhen(ctx => ctx.Connection.LocalPort == port, s3 => s3.Run(pipeline.HandleAsync));
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
