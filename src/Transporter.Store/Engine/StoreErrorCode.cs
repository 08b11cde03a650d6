namespace Transporter.Store.Engine;

/// <summary>
/// Why the engine refused an operation. Each name is the S3 error code the protocol answers with (status and message
/// come from S3ErrorTable), so the engine speaks S3's vocabulary without knowing HTTP.
/// </summary>
public enum StoreErrorCode
{
    AccessDenied,
    BadDigest,
    BucketAlreadyExists,
    BucketAlreadyOwnedByYou,
    BucketNotEmpty,
    EntityTooLarge,
    EntityTooSmall,
    IncompleteBody,
    InvalidArgument,
    InvalidBucketName,
    InvalidBucketState,
    InvalidDigest,
    InvalidPart,
    InvalidPartNumber,
    InvalidPartOrder,
    InvalidRange,
    InvalidRequest,
    InvalidStorageClass,
    InvalidTag,
    KeyTooLongError,
    MalformedXML,
    MetadataTooLarge,
    MethodNotAllowed,
    NoSuchBucket,
    NoSuchKey,
    NoSuchLifecycleConfiguration,
    NoSuchUpload,
    NoSuchVersion,
    PreconditionFailed,
    QuotaExceeded,
}
