using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Transporter.Identity.Accounts;
using Transporter.Identity.Policies;
using Transporter.Identity.Signatures;

namespace Transporter.Identity;

/// <summary>Registers the identity store shared by the S3 store, the migration API and the GUI.</summary>
public static class IdentityServiceExtensions
{
    /// <summary>
    /// Registers <see cref="IdentityStore"/>, the cached <see cref="IAccessKeyLookup"/>, the
    /// <see cref="IRequestAuthenticator"/> and the start-up bootstrap of the first root. Needs the platform
    /// <c>Database</c>, <c>SecretProtector</c> and <c>TransporterOptions</c> registered.
    /// </summary>
    public static IHostApplicationBuilder AddIdentityStore(this IHostApplicationBuilder builder)
    {
        builder.Services.AddIdentityStore();
        return builder;
    }

    public static IServiceCollection AddIdentityStore(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IdentityStore>();
        services.TryAddSingleton<PasswordSignIn>();
        services.TryAddSingleton<AccessKeyCache>();
        services.TryAddSingleton<IAccessKeyLookup>(sp => sp.GetRequiredService<AccessKeyCache>());
        services.TryAddSingleton<UserPolicyCache>();
        services.TryAddSingleton<CallerPolicies>();
        services.TryAddSingleton<IRequestAuthenticator, RequestAuthenticator>();
        services.AddHostedService<IdentityBootstrap>();
        return services;
    }
}
