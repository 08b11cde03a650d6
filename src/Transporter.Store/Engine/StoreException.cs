namespace Transporter.Store.Engine;

/// <summary>A typed refusal from the storage engine; the protocol maps <see cref="Code"/> to the S3 error answer.</summary>
public sealed class StoreException(StoreErrorCode code, string? message = null, Exception? inner = null)
    : Exception(message ?? code.ToString(), inner)
{
    public StoreErrorCode Code { get; } = code;

    /// <summary>True when the message was written for the client (otherwise the S3 table's default message is used).</summary>
    public bool HasClientMessage { get; } = message is not null;
}
