using System.Diagnostics;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;

// Usage: PlanLoader <s3-url> <access-key> <secret-key> <bucket> <count> [concurrency]
// Keys obj-0000000 .. obj-(count-1). One object in 100 carries data (sizes spread over the first six bins of a plan's
// distribution); the rest are empty, which keeps a million-object bucket small on disk.
if (args.Length < 5)
{
    Console.Error.WriteLine("usage: PlanLoader <s3-url> <access-key> <secret-key> <bucket> <count> [concurrency]");
    return 2;
}
var (url, accessKey, secretKey, bucket, count) = (args[0], args[1], args[2], args[3], int.Parse(args[4]));
var concurrency = args.Length > 5 ? int.Parse(args[5]) : 64;
int[] sizes = [5, 50, 500, 3_000, 7_000, 50_000];
var zeros = new byte[sizes.Max()];

using var s3 = new AmazonS3Client(new BasicAWSCredentials(accessKey, secretKey), new AmazonS3Config
{
    ServiceURL = url,
    ForcePathStyle = true,
    AuthenticationRegion = "us-east-1",
    MaxConnectionsPerServer = concurrency,
});
try
{
    await s3.PutBucketAsync(new PutBucketRequest { BucketName = bucket });
}
catch (AmazonS3Exception e) when (e.ErrorCode is "BucketAlreadyOwnedByYou" or "BucketAlreadyExists")
{
}

var clock = Stopwatch.StartNew();
long done = 0;
await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = concurrency }, async (i, ct) =>
{
    var size = i % 100 == 0 ? sizes[i / 100 % sizes.Length] : 0;
    await s3.PutObjectAsync(new PutObjectRequest
    {
        BucketName = bucket,
        Key = $"obj-{i:D7}",
        InputStream = new MemoryStream(zeros, 0, size, writable: false),
        UseChunkEncoding = false,
    }, ct);
    var n = Interlocked.Increment(ref done);
    if (n % 50_000 == 0) Console.WriteLine($"{n} objects in {clock.Elapsed.TotalSeconds:0} s ({n / clock.Elapsed.TotalSeconds:0}/s)");
});
Console.WriteLine($"loaded {count} objects into {bucket} in {clock.Elapsed.TotalSeconds:0.0} s");
return 0;
