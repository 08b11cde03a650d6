using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Transporter.Core.Configuration;
using Transporter.Core.Security;

namespace Transporter.Core.Persistence;

/// <summary>What every Transporter process (API or worker executable) keeps its state with: the platform database and
/// the secret protector, from <see cref="TransporterOptions"/>.</summary>
public static class PlatformStorageServices
{
    public static IServiceCollection AddPlatformStorage(this IServiceCollection services, TransporterOptions options)
    {
        Directory.CreateDirectory(options.DataPath());
        services.TryAddSingleton(_ => string.IsNullOrWhiteSpace(options.DatabaseUrl)
            ? Database.Sqlite(SqliteFile(options))
            : Database.Postgres(options.DatabaseUrl!));
        services.TryAddSingleton(_ => SecretProtector.FromKeyOrFile(options.MasterKey, options.DataPath("keys", "master.key")));
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<SavedBuckets.SavedBucketRepository>();
        return services;
    }

    /// <summary>The SQLite file of the embedded platform (when no TRANSPORTER_DATABASE_URL is set); components that open
    /// their own connections to the platform database (Quartz's job store) use it too.</summary>
    public static string SqliteFile(TransporterOptions options) => options.DataPath("transporter.db");
}
