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

    [Fact]
    public async Task Body_bytes_received_and_sent_are_counted_per_operation_for_aws_cli_and_boto3()
    {
        using var http = new HttpClient { BaseAddress = new Uri(fixture.Platform.ApiUrl) };
        using var s3 = S3ClientFactory.For(fixture.Platform);
        var bucket = "metrics-bytes-" + Guid.NewGuid().ToString("N")[..8];
        await s3.PutBucketAsync(bucket);
        var file = Path.Combine(RepoPaths.NewTempDir("metrics-bytes"), "small.bin");
        await File.WriteAllBytesAsync(file, new byte[4321]);
        var p = fixture.Platform;
        var credentials = new Dictionary<string, string>
        {
            ["AWS_ACCESS_KEY_ID"] = p.RootAccessKey, ["AWS_SECRET_ACCESS_KEY"] = p.RootSecretKey, ["AWS_DEFAULT_REGION"] = "us-east-1",
        };
        var before = await ParseAsync(await http.GetStringAsync("/metrics"));

        // aws CLI: PUT of 4,321 bytes from a file (plain body: no aws-chunked framing at this CLI version).
        (await CommandLine.RunAsync("/usr/bin/aws", ["--endpoint-url", p.S3Url, "s3api", "put-object", "--bucket", bucket, "--key", "small",
            "--body", file], credentials)).EnsureSuccess();
        // boto3: PUT of 100,000 bytes, the whole object back, its first 1,000 bytes, and a HEAD (no body).
        (await CommandLine.RunAsync("/usr/bin/python3", ["-c", """
            import sys, boto3
            from botocore.config import Config
            url, bucket = sys.argv[1:3]
            s3 = boto3.client("s3", endpoint_url=url, config=Config(s3={"addressing_style": "path"}))
            s3.put_object(Bucket=bucket, Key="blob", Body=b"x" * 100000)
            assert len(s3.get_object(Bucket=bucket, Key="blob")["Body"].read()) == 100000
            assert len(s3.get_object(Bucket=bucket, Key="blob", Range="bytes=0-999")["Body"].read()) == 1000
            s3.head_object(Bucket=bucket, Key="blob")
            """, p.S3Url, bucket], credentials)).EnsureSuccess();
        var text = await http.GetStringAsync("/metrics");
        var after = await ParseAsync(text);

        Assert.Equal(104_321, Delta("transporter_s3_received_bytes_total", "PutObject"));
        Assert.Equal(0, Delta("transporter_s3_sent_bytes_total", "PutObject"));
        Assert.Equal(101_000, Delta("transporter_s3_sent_bytes_total", "GetObject"));
        Assert.Equal(0, Delta("transporter_s3_received_bytes_total", "GetObject"));
        Assert.Equal(0, Delta("transporter_s3_sent_bytes_total", "HeadObject"));
        Assert.Equal("counter", after.Single(f => f.Name == "transporter_s3_sent_bytes").Type);
        // Objects and bytes per bucket, from the engine's totals.
        Assert.Equal(2, Value(after, "transporter_store_bucket_objects", bucket));
        Assert.Equal(104_321, Value(after, "transporter_store_bucket_bytes", bucket));
        await AssertPromtoolAcceptsAsync(text);

        double Delta(string sample, string operation) => Sum(after, sample, operation) - Sum(before, sample, operation);
    }

    private static double Sum(List<Family> families, string sample, string operation) =>
        families.SelectMany(f => f.Samples)
            .Where(s => s.Name == sample && s.Labels.GetValueOrDefault("operation") == operation)
            .Select(s => s.Value).DefaultIfEmpty(0).Sum();

    private static double Value(List<Family> families, string sample, string bucket) =>
        families.SelectMany(f => f.Samples)
            .Where(s => s.Name == sample && s.Labels.GetValueOrDefault("bucket") == bucket)
            .Select(s => s.Value).DefaultIfEmpty(-1).Single();

    private static double Count(List<Family> families, string sample, string operation, string status) =>
        families.SelectMany(f => f.Samples)
            .Where(s => s.Name == sample && s.Labels.GetValueOrDefault("operation") == operation && s.Labels.GetValueOrDefault("status") == status)
            .Select(s => s.Value).DefaultIfEmpty(0).Sum();
}
