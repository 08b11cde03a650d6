using System.Text.RegularExpressions;
using Transporter.Core.Configuration;
using Transporter.Testing;

namespace Transporter.Core.Tests.Configuration;

public partial class TransporterVariablesTests
{
    [Fact]
    public void Every_setting_has_its_variable_named_in_upper_snake_case()
    {
        var names = TransporterVariables.All.Select(v => v.Name).ToList();

        string[] expected =
        [
            "TRANSPORTER_DATA_DIR", "TRANSPORTER_API_URL", "TRANSPORTER_S3_URL", "TRANSPORTER_ROOT_ACCESS_KEY", "TRANSPORTER_ROOT_SECRET_KEY",
            "TRANSPORTER_ROOT_NAME", "TRANSPORTER_PUBLIC_URL", "TRANSPORTER_SMTP_URL", "TRANSPORTER_MAIL_FROM", "TRANSPORTER_ADMIN_TOKEN",
            "TRANSPORTER_ADMIN_URL", "TRANSPORTER_METRICS_TOKEN", "TRANSPORTER_WEB_URL",
            "TRANSPORTER_ROLES", "TRANSPORTER_DATABASE_URL", "TRANSPORTER_BROKER_URL", "TRANSPORTER_MASTER_KEY", "TRANSPORTER_REGION",
            "TRANSPORTER_WORKER_HEALTH_URL", "TRANSPORTER_COPY_CONCURRENCY", "TRANSPORTER_BATCH_CONCURRENCY", "TRANSPORTER_LISTER_LEASE_SECONDS",
            "TRANSPORTER_BATCH_LEASE_SECONDS", "TRANSPORTER_MAX_OUTSTANDING_BATCHES", "TRANSPORTER_BATCH_TIME_BUDGET_SECONDS",
            "TRANSPORTER_MAX_SUPERVISED_RUNS", "TRANSPORTER_STALL_SECONDS", "TRANSPORTER_PREFLIGHT_WARNING_SECONDS", "TRANSPORTER_S3_DOMAINS",
            "TRANSPORTER_S3_CACHE_MIB", "TRANSPORTER_S3_INLINE_KIB", "TRANSPORTER_S3_LEAN_DATA_PATH", "TRANSPORTER_S3_LIFECYCLE_SECONDS", "TRANSPORTER_S3_LOG_SECONDS", "TRANSPORTER_STS_MIN_DURATION_SECONDS",
            "TRANSPORTER_REPORT_LINK_LIFETIME_SECONDS", "TRANSPORTER_REPORT_LEASE_SECONDS", "TRANSPORTER_WEBHOOK_RETRY_SECONDS",
            "TRANSPORTER_WEBHOOK_MAX_ATTEMPTS", "TRANSPORTER_WEBHOOK_TIMEOUT_SECONDS", "TRANSPORTER_PRICE_TABLE",
            "TRANSPORTER_UPLOAD_SWEEP_SECONDS", "TRANSPORTER_MAX_COPY_CONCURRENCY",
        ];
        Assert.Equal(expected.Order(), names.Order());
        Assert.All(names, name => Assert.True(TransporterVariables.IsKnown(name), name));
        // Binding ignores case and the underscores are dropped, so these set a setting too.
        Assert.True(TransporterVariables.IsKnown("TRANSPORTER_DATADIR"));
    }

    [Theory]
    [InlineData("TRANSPORTER_COPY_CONCURENCY", "TRANSPORTER_COPY_CONCURRENCY")]
    [InlineData("TRANSPORTER_DATA_DIRECTORY", "TRANSPORTER_DATA_DIR")]
    [InlineData("TRANSPORTER_S3_DOMAIN", "TRANSPORTER_S3_DOMAINS")]
    [InlineData("TRANSPORTER_ROOT_SECRET", "TRANSPORTER_ROOT_SECRET_KEY")]
    [InlineData("TRANSPORTER_SMTP_HOST", "TRANSPORTER_SMTP_URL")]
    public void An_unknown_variable_is_matched_to_the_closest_known_one(string unknown, string closest)
    {
        Assert.False(TransporterVariables.IsKnown(unknown));
        Assert.Equal(closest, TransporterVariables.Closest(unknown));
    }

    [Fact]
    public void Docs_configuration_lists_every_variable_and_deployment_files_use_only_known_ones()
    {
        var docs = File.ReadAllText(Path.Combine(RepoPaths.Root, "docs", "configuration.md"));
        Assert.All(TransporterVariables.All, v => Assert.Contains($"`{v.Name}`", docs));

        foreach (var file in new[] { "docker-compose.yml", ".env.example", "deploy/api.Dockerfile", "charts/transporter/values.yaml" }
                     .Concat(Directory.GetFiles(Path.Combine(RepoPaths.Root, "charts", "transporter", "templates")).Select(f => Path.GetRelativePath(RepoPaths.Root, f))))
        {
            var path = Path.Combine(RepoPaths.Root, file);
            if (!File.Exists(path)) continue;
            foreach (Match match in Variable().Matches(File.ReadAllText(path)))
                Assert.True(TransporterVariables.IsKnown(match.Value), $"{file} sets {match.Value}, which is no setting");
        }
    }

    [GeneratedRegex("TRANSPORTER_[A-Z0-9_]+")]
    private static partial Regex Variable();
}
