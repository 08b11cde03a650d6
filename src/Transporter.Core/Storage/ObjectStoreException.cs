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

    /// <summary>"NoSuchBucket: The specified bucket does not exist": code and message for reports and API errors.</summary>
    public string Details => $"{ProviderCode}: {Message}";
}
