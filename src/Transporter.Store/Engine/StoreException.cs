namespace Transporter.Store.Engine;

/// <summary>A typed refusal from the storage engine; the protocol maps <see cref="Code"/> to the S3 error answer.</summary>
public sealed class StoreException(StoreErrorCode code, string? message = null, Exception? inner = null)
    : Exception(message ?? code.ToString(), inner)
{
    public StoreErrorCode Code { get; } = code;

    /// <summary>True when the message was written for the client (otherwise the S3 table's default message is used).</summary>
    public bool HasClientMessage { get; } = message is not null;

    /// <summary>Set when the refusal is about a delete marker (a GET of a deleted key, or of a marker's version): the
    /// marker's version id as clients see it, for x-amz-delete-marker and x-amz-version-id.</summary>
    public string? DeleteMarkerVersionId { get; init; }

    /// <summary>The marker's Last-Modified, with <see cref="DeleteMarkerVersionId"/>.</summary>
    public DateTimeOffset? DeleteMarkerModified { get; init; }
}
