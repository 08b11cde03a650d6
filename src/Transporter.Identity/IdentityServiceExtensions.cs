using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Transporter.Identity.Accounts;
using Transporter.Identity.Policies;
using Transporter.Identity.Signatures;

namespace Transporter.Identity;

/// <summary>Registers the identity stores shared by the S3 store, the migration API and the GUI.</summary>
public static class IdentityServiceExtensions
{
    /// <summary>
    /// Registers <see cref="IdentityDatabase"/> and every identity store (roots, users, access keys, passwords,
    /// two-factor sign-in, sessions, managed policies, attachments, the audit log), the cached
    /// <see cref="IAccessKeyLookup"/>, the <see cref="IRequestAuthenticator"/> and the start-up bootstrap of the first
    /// root. Needs the platform <c>Database</c>, <c>SecretProtector</c> and <c>TransporterOptions</c> registered.
    /// </summary>
    public static IHostApplicationBuilder AddIdentityStores(this IHostApplicationBuilder builder)
    {
        builder.Services.AddIdentityStores();
        return builder;
    }

    public static IServiceCollection AddIdentityStores(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IdentityDatabase>();
        services.TryAddSingleton<RootStore>();
        services.TryAddSingleton<UserStore>();
        services.TryAddSingleton<AccessKeyStore>();
        services.TryAddSingleton<PasswordStore>();
        services.TryAddSingleton<TwoFactorStore>();
        services.TryAddSingleton<SessionStore>();
        services.TryAddSingleton<ManagedPolicyStore>();
        services.TryAddSingleton<PolicyAttachmentStore>();
        services.TryAddSingleton<AuditLog>();
        services.TryAddSingleton<PasswordSignIn>();
        services.TryAddSingleton<AccessKeyCache>();
        services.TryAddSingleton<IAccessKeyLookup>(sp => sp.GetRequiredService<AccessKeyCache>());
        services.TryAddSingleton<UserPolicyCache>();
        services.TryAddSingleton<CallerPolicies>();
        services.TryAddSingleton<IRequestAuthenticator, RequestAuthenticator>();
        services.TryAddSingleton<Customers.CustomerStore>();
        services.TryAddSingleton<Customers.WhitelistStore>();
        services.TryAddSingleton<Customers.SamlConnectionStore>();
        services.TryAddSingleton<Customers.RootAccessGate>();
        services.TryAddSingleton<Customers.Resellers>();
        services.AddHostedService<IdentityBootstrap>();
        return services;
    }
}
