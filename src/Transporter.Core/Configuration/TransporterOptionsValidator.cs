using System.Globalization;
using Microsoft.Extensions.Options;

namespace Transporter.Core.Configuration;

/// <summary>
/// The rules every setting must follow, each problem naming its variable. Run when the settings are loaded (so
/// nothing uses a bad value) and again by ValidateOnStart; a bad setting stops the process with these messages.
/// </summary>
public sealed class TransporterOptionsValidator : IValidateOptions<TransporterOptions>
{
    private static readonly string[] KnownRoles = ["api", "store", "worker"];

    public ValidateOptionsResult Validate(string? name, TransporterOptions options)
    {
        var errors = Problems(options);
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    /// <summary>Every problem of <paramref name="options"/>; empty when they are valid.</summary>
    public static IReadOnlyList<string> Problems(TransporterOptions options)
    {
        var errors = new List<string>();
        HttpUrl(errors, "TRANSPORTER_API_URL", options.ApiUrl, required: true);
        HttpUrl(errors, "TRANSPORTER_S3_URL", options.S3Url, required: true);
        HttpUrl(errors, "TRANSPORTER_ADMIN_URL", options.AdminUrl, required: false);
        HttpUrl(errors, "TRANSPORTER_WEB_URL", options.WebUrl, required: false);
        HttpUrl(errors, "TRANSPORTER_WORKER_HEALTH_URL", options.WorkerHealthUrl, required: false, httpsToo: false);
        if (string.IsNullOrWhiteSpace(options.DataDir)) errors.Add("TRANSPORTER_DATA_DIR must not be empty");
        if (string.IsNullOrWhiteSpace(options.RootAccessKey) != string.IsNullOrWhiteSpace(options.RootSecretKey))
            errors.Add("TRANSPORTER_ROOT_ACCESS_KEY and TRANSPORTER_ROOT_SECRET_KEY must be set together");
        var roles = options.Roles.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (roles.Length == 0 || roles.Any(r => !KnownRoles.Contains(r, StringComparer.OrdinalIgnoreCase)))
            errors.Add($"TRANSPORTER_ROLES must list api, store and/or worker, got '{options.Roles}'");
        if (!string.IsNullOrWhiteSpace(options.MasterKey) && !IsBase64Key(options.MasterKey))
            errors.Add("TRANSPORTER_MASTER_KEY must be 32 bytes in base64 (openssl rand -base64 32)");
        if (!string.IsNullOrWhiteSpace(options.BrokerUrl)
            && (!Uri.TryCreate(options.BrokerUrl, UriKind.Absolute, out var broker) || broker.Scheme is not ("amqp" or "amqps")))
            errors.Add("TRANSPORTER_BROKER_URL must be an amqp:// or amqps:// URL (amqp://user:password@host:5672/vhost)");
        if (string.IsNullOrWhiteSpace(options.Region)) errors.Add("TRANSPORTER_REGION must not be empty");

        Range(errors, "TRANSPORTER_COPY_CONCURRENCY", options.CopyConcurrency, 1, 1024);
        Range(errors, "TRANSPORTER_MAX_COPY_CONCURRENCY", options.MaxCopyConcurrency, 1, 1024);
        Range(errors, "TRANSPORTER_BATCH_CONCURRENCY", options.BatchConcurrency, 1, 256);
        Range(errors, "TRANSPORTER_LISTER_LEASE_SECONDS", options.ListerLeaseSeconds, 3, 3600);
        Range(errors, "TRANSPORTER_BATCH_LEASE_SECONDS", options.BatchLeaseSeconds, 3, 3600);
        Range(errors, "TRANSPORTER_MAX_OUTSTANDING_BATCHES", options.MaxOutstandingBatches, 1, int.MaxValue);
        Range(errors, "TRANSPORTER_BATCH_TIME_BUDGET_SECONDS", options.BatchTimeBudgetSeconds, 10, int.MaxValue);
        Range(errors, "TRANSPORTER_MAX_SUPERVISED_RUNS", options.MaxSupervisedRuns, 1, int.MaxValue);
        Range(errors, "TRANSPORTER_STALL_SECONDS", options.StallSeconds, 2, 86400);
        Range(errors, "TRANSPORTER_PREFLIGHT_WARNING_SECONDS", options.PreflightWarningSeconds, 1, 3600);
        Range(errors, "TRANSPORTER_UPLOAD_SWEEP_SECONDS", options.UploadSweepSeconds, 1, 86400);
        Range(errors, "TRANSPORTER_S3_CACHE_MIB", options.S3CacheMiB, 0, 64 * 1024);
        Range(errors, "TRANSPORTER_S3_INLINE_KIB", options.S3InlineKiB, 0, 64);
        Range(errors, "TRANSPORTER_S3_LIFECYCLE_SECONDS", options.S3LifecycleSeconds, 1, int.MaxValue);
        Range(errors, "TRANSPORTER_S3_LOG_SECONDS", options.S3LogSeconds, 1, int.MaxValue);
        Range(errors, "TRANSPORTER_STS_MIN_DURATION_SECONDS", options.StsMinDurationSeconds, 1, 900);
        Range(errors, "TRANSPORTER_REPORT_LINK_LIFETIME_SECONDS", options.ReportLinkLifetimeSeconds, 1, 366 * 24 * 3600);
        Range(errors, "TRANSPORTER_REPORT_LEASE_SECONDS", options.ReportLeaseSeconds, 3, 3600);
        Range(errors, "TRANSPORTER_WEBHOOK_RETRY_SECONDS", options.WebhookRetrySeconds, 0.1, 3600);
        Range(errors, "TRANSPORTER_WEBHOOK_MAX_ATTEMPTS", options.WebhookMaxAttempts, 1, 100);
        Range(errors, "TRANSPORTER_WEBHOOK_TIMEOUT_SECONDS", options.WebhookTimeoutSeconds, 1, 300);
        if (!string.IsNullOrWhiteSpace(options.PriceTable) && !File.Exists(options.PriceTable))
            errors.Add($"TRANSPORTER_PRICE_TABLE must name a readable JSON file, got '{options.PriceTable}'");
        return errors;
    }

    private static void HttpUrl(List<string> errors, string variable, string? value, bool required, bool httpsToo = true)
    {
        if (string.IsNullOrWhiteSpace(value) && !required) return;
        if (!Uri.TryCreate(value, UriKind.Absolute, out var uri) || !(uri.Scheme == "http" || (httpsToo && uri.Scheme == "https")))
            errors.Add($"{variable} must be an {(httpsToo ? "http(s)" : "http")} URL, got '{value}'");
    }

    private static void Range(List<string> errors, string variable, int value, int min, int max)
    {
        if (value < min || value > max)
            errors.Add(max == int.MaxValue ? $"{variable} must be at least {min}, got {value}" : $"{variable} must be {min}..{max}, got {value}");
    }

    private static void Range(List<string> errors, string variable, double value, double min, double max)
    {
        if (double.IsNaN(value) || value < min || value > max)
            errors.Add($"{variable} must be {min.ToString(CultureInfo.InvariantCulture)}..{max.ToString(CultureInfo.InvariantCulture)}, got {value.ToString(CultureInfo.InvariantCulture)}");
    }

    private static bool IsBase64Key(string text)
    {
        Span<byte> key = stackalloc byte[33];
        return Convert.TryFromBase64String(text.Trim(), key, out var written) && written == 32;
    }
}
