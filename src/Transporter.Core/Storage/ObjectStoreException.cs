namespace Transporter.Core.Storage;

/// <summary>
/// A provider error. <see cref="ProviderCode"/> is the provider's own code (NoSuchBucket, ContainerNotFound, ...)
/// and <see cref="Exception.Message"/> its message, so users see what the provider said.
/// </summary>
public sealed class ObjectStoreException(ObjectStoreErrorKind kind, string providerCode, string message, Exception? inner = null)
    : Exception(message, inner)
{
    public ObjectStoreErrorKind Kind { get; } = kind;

    public string ProviderCode { get; } = providerCode;

    /// <summary>The provider answered "slow down" (S3 503 SlowDown, 429, Azure 503 ServerBusy): the request was not
    /// served, so it can always be sent again once the endpoint's pace allows (a copy waits rather than fails).</summary>
    public bool Throttled { get; init; }

    /// <summary>"NoSuchBucket: The specified bucket does not exist": code and message for reports and API errors.</summary>
    public string Details => $"{ProviderCode}: {Message}";
}
