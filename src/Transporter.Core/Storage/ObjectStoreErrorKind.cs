namespace Transporter.Core.Storage;

public enum ObjectStoreErrorKind
{
    /// <summary>The object does not exist.</summary>
    NotFound,
    /// <summary>The bucket/container does not exist.</summary>
    BucketNotFound,
    /// <summary>Wrong access key or secret, or a signature the provider refused.</summary>
    InvalidCredentials,
    /// <summary>The credentials are valid but may not do this.</summary>
    AccessDenied,
    /// <summary>Throttling, 5xx, timeouts, connection failures: still failing after the provider's retries.</summary>
    Transient,
    /// <summary>The bytes read or written do not match their digest.</summary>
    IntegrityMismatch,
    /// <summary>The provider rejected the request as invalid (bad name, too large, unsupported option).</summary>
    InvalidRequest,
    /// <summary>The object is no longer the version a read was conditioned on (If-Match on its ETag, a GCS generation):
    /// it was overwritten since it was listed or since the first bytes of the copy were read.</summary>
    VersionChanged,
    /// <summary>Anything else.</summary>
    Other,
}
