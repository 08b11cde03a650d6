using Amazon.S3;
using Amazon.S3.Model;
using Transporter.Api.Tests.Migrations.Fixtures;
using Transporter.Testing;
using static Transporter.Api.Tests.Metrics.PrometheusText;

namespace Transporter.Api.Tests.Metrics;

/// <summary>The built-in store counts every S3 request it answers, by operation and status, in /metrics.</summary>
[Collection(ApiPlatformCollection.Name)]
public class StoreRequestMetricsTests(ApiPlatformFixture fixture)
{
    [Fact]
    public async Task Requests_answered_by_the_store_appear_in_metrics_by_operation_and_status()
    {
        using var http = new HttpClient { BaseAddress = new Uri(fixture.Platform.ApiUrl) };
        using var s3 = S3ClientFactory.For(fixture.Platform);
        var bucket = "metrics-" + Guid.NewGuid().ToString("N")[..8];
        await s3.PutBucketAsync(bucket);
        var before = await ParseAsync(await http.GetStringAsync("/metrics"));

        await s3.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = "a", ContentBody = "one" });
        await s3.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = "b", ContentBody = "two" });
        using (var got = await s3.GetObjectAsync(bucket, "a")) await got.ResponseStream.CopyToAsync(Stream.Null);
        await Assert.ThrowsAnyAsync<AmazonS3Exception>(() => s3.GetObjectAsync(bucket, "missing"));
        var after = await ParseAsync(await http.GetStringAsync("/metrics"));

        Assert.Equal(2, Delta("PutObject", "200"));
        Assert.Equal(1, Delta("GetObject", "200"));
        Assert.Equal(1, Delta("GetObject", "404"));
        Assert.True(Count(after, "transporter_s3_request_duration_seconds_count", "PutObject", "200") >= 2);

        double Delta(string operation, string status) =>
            Count(after, "transporter_s3_requests_total", operation, status) - Count(before, "transporter_s3_requests_total", operation, status);
    }

    private static double Count(List<Family> families, string sample, string operation, string status) =>
        families.SelectMany(f => f.Samples)
            .Where(s => s.Name == sample && s.Labels.GetValueOrDefault("operation") == operation && s.Labels.GetValueOrDefault("status") == status)
            .Select(s => s.Value).DefaultIfEmpty(0).Sum();
}
