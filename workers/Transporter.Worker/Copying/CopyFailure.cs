using Transporter.Core.Storage;

namespace Transporter.Worker.Copying;

/// <summary>Which end of a copy an error belongs to (and so which report field it goes to).</summary>
internal enum CopySide
{
    Source,
    Destination,
}

/// <summary>
/// A step of one object's copy failed. <see cref="MidStream"/>: bytes had already left the source, so the provider
/// could not replay the request and the copy may be restarted from the source (<see cref="CanRestart"/>).
/// </summary>
internal sealed class CopyFailure(CopySide side, ObjectStoreException error, bool midStream) : Exception(error.Details, error)
{
    /// <summary>The source changed between the reads of one copy (its ETag moved); the copy restarts from the top.</summary>
    public const string SourceChanged = "SourceChanged";

    public CopySide Side { get; } = side;

    public ObjectStoreException Error { get; } = error;

    public bool MidStream { get; } = midStream;

    public bool CanRestart => MidStream && Error.Kind == ObjectStoreErrorKind.Transient;

    public static CopyFailure FromSource(Exception e, bool midStream = false) => new(CopySide.Source, CopyErrors.ToStoreError(e), midStream);

    public static CopyFailure FromDestination(Exception e, bool midStream = false) => new(CopySide.Destination, CopyErrors.ToStoreError(e), midStream);
}
