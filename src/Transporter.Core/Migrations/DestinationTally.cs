using Transporter.Core.Storage;

namespace Transporter.Core.Migrations;

/// <summary>What a mirror sync's listing learnt about the destination since its last checkpoint: the objects there that
/// the source no longer has (<see cref="Extraneous"/>, deletion candidates) and how many destination objects within the
/// filters it passed (<see cref="Seen"/>, what a percentage of maxDelete is of). Stored with the checkpoint, so a listing
/// resumed from it counts nothing twice.</summary>
public sealed record DestinationTally(IReadOnlyList<ObjectSummary> Extraneous, long Seen)
{
    public static readonly DestinationTally None = new([], 0);
}
