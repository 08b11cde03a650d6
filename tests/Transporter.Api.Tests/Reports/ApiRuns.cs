using System.Net;
using System.Text.Json;
using Amazon.S3;
using Amazon.S3.Model;
using Transporter.Testing.Api;

namespace Transporter.Api.Tests.Reports;

/// <summary>Real migrations on a platform under test: buckets filled with the AWS SDK, the migration posted through the
/// signed API, and its end awaited through GET /state.</summary>
internal static class ApiRuns
{
    public static async Task<string> NewBucketAsync(AmazonS3Client s3, string hint, int objects, Func<int, int> size)
    {
        var name = $"{hint}-{Guid.NewGuid().ToString("N")[..10]}";
        await s3.PutBucketAsync(new PutBucketRequest { BucketName = name });
        await Parallel.ForEachAsync(Enumerable.Range(0, objects), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (i, ct) =>
            await s3.PutObjectAsync(new PutObjectRequest
            {
                BucketName = name,
                Key = $"obj-{i:D3}",
                InputStream = new MemoryStream(new byte[size(i)]),
                UseChunkEncoding = false,
            }, ct));
        return name;
    }

    public static Dictionary<string, object?> Endpoint(string url, string accessKey, string secretKey, string bucket) => new()
    {
        ["type"] = "s3v4",
        ["accessKey"] = accessKey,
        ["secretKey"] = secretKey,
        ["bucket"] = bucket,
        ["endpoint"] = url,
        ["region"] = "us-east-1",
    };

    public static async Task<string> CreateAsync(TransporterApiClient api, object body)
    {
        var created = await api.PostAsync("/migrations", body);
        Assert.True(created.Status == HttpStatusCode.Created, created.ToString());
        return created.Json.GetProperty("id").GetString()!;
    }

    /// <summary>Waits until the migration's latest run ended (Completed, Terminated, Failed, CompletedWithErrors).</summary>
    public static async Task<JsonElement> WaitForEndAsync(TransporterApiClient api, string id, int seconds = 120)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        ApiResponse? last = null;
        while (DateTime.UtcNow < deadline)
        {
            last = await api.GetAsync($"/state/{id}");
            if (last.Status == HttpStatusCode.OK && last.Json.GetProperty("state").GetInt32() is 2 or 3 or 6 or 7) return last.Json;
            await Task.Delay(100);
        }
        throw new TimeoutException($"migration {id} did not end in {seconds} s; last: {last}");
    }
}
