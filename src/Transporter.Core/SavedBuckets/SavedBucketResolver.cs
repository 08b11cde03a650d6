using Transporter.Core.Endpoints;

namespace Transporter.Core.SavedBuckets;

/// <summary>
/// Turns an endpoint that names a saved bucket (<c>{"savedBucket": "testb3", "prefix": ...}</c>) into the full endpoint
/// from the root's table: aws entries are "aws" endpoints (AWS's regional URL when the entry has no endpoint), minio and
/// other entries "s3v4", azure entries "azure" (accessKeyId is the storage account). What the request itself sets
/// (prefix, region, subtype, forceSSES3) is kept.
/// </summary>
public static class SavedBucketResolver
{
    /// <summary>The endpoint to use, or the reason there is none; endpoints without savedBucket come back as they are.</summary>
    public static async Task<(EndpointConfig? Config, string? Problem)> ResolveAsync(
        SavedBucketRepository table, string root, EndpointConfig config, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(config.SavedBucket)) return (config, null);
        var saved = await table.FindAsync(root, config.SavedBucket, ct).ConfigureAwait(false);
        if (saved is null) return (null, $"no saved bucket '{config.SavedBucket}' (POST /add-mod-del-bucket adds one)");
        if (saved.AccessKeyId is null)
            return (null, $"saved bucket '{saved.BucketName}' has role-based access (accessRole), which the connectors do not assume; give it accessKeyId and secretAccessKey");
        var region = config.Region ?? saved.Region;
        var (type, endpoint) = saved.Cloud switch
        {
            "aws" => (EndpointType.Aws, saved.Endpoint ?? $"https://s3.{region ?? "us-east-1"}.amazonaws.com"),
            "azure" => (EndpointType.Azure, saved.Endpoint),
            _ => (EndpointType.S3V4, saved.Endpoint),
        };
        return (config with
        {
            Type = type,
            Bucket = saved.BucketName,
            Endpoint = endpoint,
            Region = region,
            AccessKey = saved.AccessKeyId,
            SecretKey = saved.SecretAccessKey,
        }, null);
    }

    /// <summary>Both endpoints of a stored migration or plan, resolved for a run (the entry may have changed since).</summary>
    public static async Task<Migrations.EndpointPair> ResolveForRunAsync(SavedBucketRepository table, string root, Migrations.EndpointPair pair, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(pair.Source.SavedBucket) && string.IsNullOrEmpty(pair.Destination.SavedBucket)) return pair;
        var (source, sourceProblem) = await ResolveAsync(table, root, pair.Source, ct).ConfigureAwait(false);
        var (destination, destinationProblem) = await ResolveAsync(table, root, pair.Destination, ct).ConfigureAwait(false);
        if (source is null || destination is null) throw new InvalidOperationException(sourceProblem ?? destinationProblem);
        return new Migrations.EndpointPair(source, destination);
    }
}
