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
    /// <summary>The source is not the version listed any more, or changed between the reads of one copy: the object
    /// fails (a retry copies the version then current).</summary>
    public const string SourceChanged = "SourceChanged";

    public CopySide Side { get; } = side;

    public ObjectStoreException Error { get; } = error;

    public bool MidStream { get; } = midStream;

    public bool CanRestart => MidStream && Error.Kind == ObjectStoreErrorKind.Transient;

    /// <summary>A failed step at the source; a read refused because the object is another version now is
    /// <see cref="SourceChanged"/>.</summary>
    public static CopyFailure FromSource(Exception e, bool midStream = false)
    {
        var error = CopyErrors.ToStoreError(e);
        return error.Kind == ObjectStoreErrorKind.VersionChanged ? SourceChangedBecause(error.Details, error) : new(CopySide.Source, error, midStream);
    }

    public static CopyFailure SourceChangedBecause(string why, Exception? inner = null) =>
        new(CopySide.Source, new ObjectStoreException(ObjectStoreErrorKind.VersionChanged, SourceChanged,
            $"the source changed during the copy; a retry copies the new version ({why})", inner), midStream: false);

    public static CopyFailure FromDestination(Exception e, bool midStream = false) => new(CopySide.Destination, CopyErrors.ToStoreError(e), midStream);
}
