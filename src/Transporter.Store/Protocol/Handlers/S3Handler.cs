using System.Globalization;
using Transporter.Store.Engine;
using Transporter.Store.Protocol.Access;
using Transporter.Identity.Signatures;
using Transporter.Store.Protocol.Errors;
using Transporter.Store.Protocol.Routing;

namespace Transporter.Store.Protocol.Handlers;

/// <summary>
/// Carries out one routed S3 operation: reads parameters and headers, calls the engine with plain arguments, and
/// writes S3's answer. Split by operation family into partial files.
/// </summary>
internal sealed partial class S3Handler(
    StorageEngine engine, string region, RequestAuthorizer authorizer, Func<string, bool> rootExists, PostPolicySignature postSignatures,
    LinkSigner linkSigner)
{
    public Task HandleAsync(S3Request r) => r.Operation switch
    {
        S3Operation.ListBuckets => ListBucketsAsync(r),
        S3Operation.CreateBucket => CreateBucketAsync(r),
        S3Operation.DeleteBucket => DeleteBucketAsync(r),
        S3Operation.HeadBucket => HeadBucketAsync(r),
        S3Operation.GetBucketLocation => GetBucketLocationAsync(r),
        S3Operation.GetBucketVersioning => GetBucketVersioningAsync(r),
        S3Operation.PutBucketVersioning => PutBucketVersioningAsync(r),
        S3Operation.ListObjectVersions => ListObjectVersionsAsync(r),
        S3Operation.ListObjects => ListObjectsAsync(r, version2: false),
        S3Operation.ListObjectsV2 => ListObjectsAsync(r, version2: true),
        S3Operation.DeleteObjects => DeleteObjectsAsync(r),
        S3Operation.PutObject => PutObjectAsync(r),
        S3Operation.CopyObject => CopyObjectAsync(r),
        S3Operation.GetObject => GetObjectAsync(r, head: false),
        S3Operation.HeadObject => GetObjectAsync(r, head: true),
        S3Operation.DeleteObject => DeleteObjectAsync(r),
        S3Operation.GetObjectTagging => GetObjectTaggingAsync(r),
        S3Operation.PutObjectTagging => PutObjectTaggingAsync(r),
        S3Operation.DeleteObjectTagging => DeleteObjectTaggingAsync(r),
        S3Operation.CreateMultipartUpload => CreateMultipartUploadAsync(r),
        S3Operation.UploadPart => UploadPartAsync(r),
        S3Operation.UploadPartCopy => UploadPartCopyAsync(r),
        S3Operation.CompleteMultipartUpload => CompleteMultipartUploadAsync(r),
        S3Operation.AbortMultipartUpload => AbortMultipartUploadAsync(r),
        S3Operation.ListMultipartUploads => ListMultipartUploadsAsync(r),
        S3Operation.ListParts => ListPartsAsync(r),
        S3Operation.PostObject => PostObjectAsync(r),
        S3Operation.RsBucketInfo => RsBucketInfoAsync(r),
        S3Operation.RsBucketStats => RsBucketStatsAsync(r),
        S3Operation.RsPresign => RsPresignAsync(r),
        S3Operation.SpeedTestDownload => SpeedTestDownloadAsync(r),
        S3Operation.SpeedTestUpload => SpeedTestUploadAsync(r),
        S3Operation.GetBucketLogging => GetBucketLoggingAsync(r),
        S3Operation.PutBucketLogging => PutBucketLoggingAsync(r),
        S3Operation.GetBucketTagging => GetBucketTaggingAsync(r),
        S3Operation.PutBucketTagging => PutBucketTaggingAsync(r),
        S3Operation.DeleteBucketTagging => DeleteBucketTaggingAsync(r),
        S3Operation.GetBucketAcl => GetBucketAclAsync(r),
        S3Operation.PutBucketAcl => PutBucketAclAsync(r),
        S3Operation.GetObjectAcl => GetObjectAclAsync(r),
        S3Operation.PutObjectAcl => PutObjectAclAsync(r),
        S3Operation.GetBucketPolicy => GetBucketPolicyAsync(r),
        S3Operation.PutBucketPolicy => PutBucketPolicyAsync(r),
        S3Operation.DeleteBucketPolicy => DeleteBucketPolicyAsync(r),
        S3Operation.GetBucketPolicyStatus => GetBucketPolicyStatusAsync(r),
        S3Operation.GetBucketOwnershipControls => GetBucketOwnershipControlsAsync(r),
        S3Operation.PutBucketOwnershipControls => PutBucketOwnershipControlsAsync(r),
        S3Operation.DeleteBucketOwnershipControls => DeleteBucketOwnershipControlsAsync(r),
        S3Operation.GetPublicAccessBlock => GetPublicAccessBlockAsync(r),
        S3Operation.PutPublicAccessBlock => PutPublicAccessBlockAsync(r),
        S3Operation.DeletePublicAccessBlock => DeletePublicAccessBlockAsync(r),
        S3Operation.GetBucketLifecycle => SendStoredXmlAsync(r, engine.GetBucketLifecycle(r.Owner, r.Bucket)),
        S3Operation.PutBucketLifecycle => PutBucketLifecycleAsync(r),
        S3Operation.DeleteBucketLifecycle => DeleteBucketLifecycleAsync(r),
        S3Operation.GetBucketEncryption => GetBucketEncryptionAsync(r),
        S3Operation.PutBucketEncryption => PutBucketEncryptionAsync(r),
        S3Operation.DeleteBucketEncryption => DeleteBucketEncryptionAsync(r),
        S3Operation.GetBucketCors => GetBucketCorsAsync(r),
        S3Operation.PutBucketCors => PutBucketCorsAsync(r),
        S3Operation.DeleteBucketCors => DeleteBucketCorsAsync(r),
        S3Operation.GetObjectLockConfiguration => GetObjectLockConfigurationAsync(r),
        S3Operation.PutObjectLockConfiguration => PutObjectLockConfigurationAsync(r),
        S3Operation.GetObjectRetention => GetObjectRetentionAsync(r),
        S3Operation.PutObjectRetention => PutObjectRetentionAsync(r),
        S3Operation.GetObjectLegalHold => GetObjectLegalHoldAsync(r),
        S3Operation.PutObjectLegalHold => PutObjectLegalHoldAsync(r),
        S3Operation.MethodNotAllowed => throw new S3Exception("MethodNotAllowed"),
        _ => throw new S3Exception("NotImplemented", "This operation is not implemented by this store."),
    };

    /// <summary>An integer query parameter: InvalidArgument when present but not an integer in range.</summary>
    private static int IntParameter(S3Request r, string name, int fallback, int min, int max)
    {
        var text = r.QueryValue(name);
        if (text is null) return fallback;
        if (!int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) || value < min)
            throw new S3Exception("InvalidArgument", $"Provided {name} not an integer or within integer range");
        return Math.Min(value, max);
    }

    private static Task NoContentAsync(S3Request r)
    {
        r.Response.StatusCode = 204;
        return Task.CompletedTask;
    }

    private static Task OkEmptyAsync(S3Request r)
    {
        r.Response.StatusCode = 200;
        r.Response.ContentLength = 0;
        return Task.CompletedTask;
    }
}
