namespace Transporter.Store.Protocol.Routing;

/// <summary>Every S3 operation the store recognizes (implemented or answered NotImplemented).</summary>
public enum S3Operation
{
    ListBuckets,
    CreateBucket,
    DeleteBucket,
    HeadBucket,
    GetBucketLocation,
    GetBucketVersioning,
    PutBucketVersioning,
    ListObjectVersions,
    ListObjects,
    ListObjectsV2,
    DeleteObjects,
    PutObject,
    CopyObject,
    GetObject,
    HeadObject,
    DeleteObject,
    GetObjectTagging,
    PutObjectTagging,
    DeleteObjectTagging,
    CreateMultipartUpload,
    UploadPart,
    UploadPartCopy,
    CompleteMultipartUpload,
    AbortMultipartUpload,
    ListMultipartUploads,
    ListParts,
    GetBucketCors,
    PutBucketCors,
    DeleteBucketCors,
    GetObjectLockConfiguration,
    PutObjectLockConfiguration,
    GetObjectRetention,
    PutObjectRetention,
    GetObjectLegalHold,
    PutObjectLegalHold,

    /// <summary>A known S3 operation or sub-resource this store does not implement (501).</summary>
    NotImplemented,

    /// <summary>No S3 operation has this method on this resource (405).</summary>
    MethodNotAllowed,
}
