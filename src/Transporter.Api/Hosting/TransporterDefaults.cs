using Microsoft.Extensions.Options;
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
        var section = builder.Configuration.GetSection(TransporterOptions.Section);
        var options = section.Get<TransporterOptions>() ?? new TransporterOptions();
        builder.Services.Configure<TransporterOptions>(section);
        ValidateOrExit(options);

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

    /// <summary>A bad setting stops the process at start-up with a message naming it.</summary>
    private static void ValidateOrExit(TransporterOptions options)
    {
        var errors = new List<string>();
        foreach (var (name, value) in new[] { ("TRANSPORTER_API_URL", options.ApiUrl), ("TRANSPORTER_S3_URL", options.S3Url) })
            if (!Uri.TryCreate(value, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
                errors.Add($"{name} must be an http(s) URL, got '{value}'");
        if (string.IsNullOrWhiteSpace(options.RootAccessKey) != string.IsNullOrWhiteSpace(options.RootSecretKey))
            errors.Add("TRANSPORTER_ROOT_ACCESS_KEY and TRANSPORTER_ROOT_SECRET_KEY must be set together");
        var roles = options.Roles.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (roles.Length == 0 || roles.Any(r => r is not ("api" or "store" or "worker")))
            errors.Add($"TRANSPORTER_ROLES must list api, store and/or worker, got '{options.Roles}'");
        if (errors.Count > 0) throw new OptionsValidationException(TransporterOptions.Section, typeof(TransporterOptions), errors);
    }
}
