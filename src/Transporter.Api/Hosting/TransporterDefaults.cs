using Transporter.Core.Configuration;
using Transporter.Core.Diagnostics;
using Transporter.Core.Persistence;

namespace Transporter.Api.Hosting;

/// <summary>What every Transporter process needs: settings from appsettings + TRANSPORTER_* variables, listen URLs
/// by role, the platform database and the secret protector.</summary>
public static class TransporterDefaults
{
    public static TransporterOptions AddTransporterDefaults(this WebApplicationBuilder builder)
    {
        builder.Configuration.AddTransporterEnvironment();
        var options = builder.Services.AddTransporterOptions(builder.Configuration);

        var urls = new List<string>();
        if (options.HasRole("api")) urls.Add(options.ApiUrl);
        if (options.HasRole("store")) urls.Add(options.S3Url);
        builder.WebHost.UseUrls([.. urls]);
        // The S3 store takes multi-GiB bodies; the API limits its own bodies per endpoint.
        builder.WebHost.ConfigureKestrel(k => k.Limits.MaxRequestBodySize = null);

        builder.Services.AddPlatformStorage(options);
        builder.Services.AddTransporterMetrics();
        return options;
    }
}
