using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using Transporter.Core.Endpoints;

namespace Transporter.Api.Gui.Services;

/// <summary>
/// Creates a destination bucket from the form, so a new user can fill the built-in store (or an S3 account) without a
/// command line. S3 protocol types with Signature V4 only (lyve, aws, s3v4); the other providers create buckets in
/// their own consoles.
/// </summary>
public sealed class BucketCreator
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    public static bool Supports(string type) => type is EndpointType.Lyve or EndpointType.Aws or EndpointType.S3V4;

    /// <summary>Null when the bucket was created (or already is the caller's), else the provider's refusal.</summary>
    public async Task<string?> CreateAsync(EndpointConfig endpoint, CancellationToken ct)
    {
        if (endpoint.Type is not { } type || !Supports(type)) return $"Buckets of type {endpoint.Type} cannot be created here.";
        var problems = (endpoint with { Subtype = null, ForceSseS3 = null, Prefix = null }).Validate(EndpointRole.Source);
        if (problems.Count > 0) return string.Join("; ", problems);
        var url = endpoint.EndpointUri()!;
        var region = string.IsNullOrWhiteSpace(endpoint.Region) ? "us-east-1" : endpoint.Region;
        var isAws = url.Host.EndsWith(".amazonaws.com", StringComparison.OrdinalIgnoreCase);
        using var client = new AmazonS3Client(new BasicAWSCredentials(endpoint.AccessKey, endpoint.SecretKey), new AmazonS3Config
        {
            ServiceURL = url.ToString(),
            AuthenticationRegion = region,
            ForcePathStyle = !isAws,
            MaxErrorRetry = 2,
            Timeout = Timeout,
            RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED,
            ResponseChecksumValidation = ResponseChecksumValidation.WHEN_REQUIRED,
        });
        var request = new PutBucketRequest { BucketName = endpoint.Bucket };
        // Outside us-east-1, AWS wants the region named in the request body.
        if (isAws && region != "us-east-1") request.BucketRegionName = region;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(Timeout);
        try
        {
            await client.PutBucketAsync(request, timeout.Token);
            return null;
        }
        catch (AmazonS3Exception e) when (e.ErrorCode == "BucketAlreadyOwnedByYou")
        {
            return null;
        }
        catch (AmazonServiceException e)
        {
            return $"{e.ErrorCode ?? e.StatusCode.ToString()}: {e.Message}";
        }
        catch (Exception e) when (e is HttpRequestException or OperationCanceledException && !ct.IsCancellationRequested)
        {
            return "The endpoint did not answer: " + e.Message;
        }
    }
}
