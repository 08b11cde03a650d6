using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Transporter.Core.Configuration;

namespace Transporter.Core.Tests.Configuration;

public class TransporterOptionsValidatorTests
{
    [Fact]
    public void The_defaults_are_valid() => Assert.Empty(TransporterOptionsValidator.Problems(new TransporterOptions()));

    [Theory]
    [InlineData("ApiUrl", "localhost:8080", "TRANSPORTER_API_URL must be an http(s) URL, got 'localhost:8080'")]
    [InlineData("S3Url", "ftp://x", "TRANSPORTER_S3_URL must be an http(s) URL")]
    [InlineData("WorkerHealthUrl", "https://0.0.0.0:8081", "TRANSPORTER_WORKER_HEALTH_URL must be an http URL")]
    [InlineData("Roles", "api,lister", "TRANSPORTER_ROLES must list api, store and/or worker, got 'api,lister'")]
    [InlineData("RootAccessKey", "ONLYTHEKEY", "TRANSPORTER_ROOT_ACCESS_KEY and TRANSPORTER_ROOT_SECRET_KEY must be set together")]
    [InlineData("MasterKey", "c2hvcnQ=", "TRANSPORTER_MASTER_KEY must be 32 bytes in base64")]
    [InlineData("BrokerUrl", "rabbit://guest:secret@host", "TRANSPORTER_BROKER_URL must be an amqp:// or amqps:// URL")]
    [InlineData("CopyConcurrency", "0", "TRANSPORTER_COPY_CONCURRENCY must be 1..1024, got 0")]
    [InlineData("BatchLeaseSeconds", "2", "TRANSPORTER_BATCH_LEASE_SECONDS must be 3..3600, got 2")]
    [InlineData("BatchTimeBudgetSeconds", "5", "TRANSPORTER_BATCH_TIME_BUDGET_SECONDS must be at least 10, got 5")]
    [InlineData("S3CacheMiB", "-1", "TRANSPORTER_S3_CACHE_MIB must be 0..65536, got -1")]
    [InlineData("S3InlineKiB", "65", "TRANSPORTER_S3_INLINE_KIB must be 0..64, got 65")]
    [InlineData("ReportLeaseSeconds", "7200", "TRANSPORTER_REPORT_LEASE_SECONDS must be 3..3600, got 7200")]
    [InlineData("WebhookRetrySeconds", "0.05", "TRANSPORTER_WEBHOOK_RETRY_SECONDS must be 0.1..3600, got 0.05")]
    [InlineData("WebhookMaxAttempts", "0", "TRANSPORTER_WEBHOOK_MAX_ATTEMPTS must be 1..100, got 0")]
    [InlineData("PriceTable", "/nonexistent/prices.json", "TRANSPORTER_PRICE_TABLE must name a readable JSON file, got '/nonexistent/prices.json'")]
    [InlineData("CopyConcurrency", "many", "TRANSPORTER_COPY_CONCURRENCY must be a whole number, got 'many'")]
    public void A_bad_setting_stops_the_start_with_a_message_naming_its_variable(string key, string value, string expected)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { [$"Transporter:{key}"] = value }).Build();

        var error = Assert.Throws<OptionsValidationException>(() => new ServiceCollection().AddTransporterOptions(configuration));

        Assert.Contains(error.Failures, f => f.StartsWith(expected, StringComparison.Ordinal));
        Assert.DoesNotContain(error.Failures, f => f.Contains("secret", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Settings_are_validated_again_when_the_host_starts()
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Services.AddTransporterOptions(builder.Configuration);
        // A value changed after loading (as later configuration code could) is caught by ValidateOnStart.
        builder.Services.PostConfigure<TransporterOptions>(o => o.CopyConcurrency = 5000);
        using var host = builder.Build();

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains("TRANSPORTER_COPY_CONCURRENCY must be 1..1024, got 5000", error.Failures);
    }
}
