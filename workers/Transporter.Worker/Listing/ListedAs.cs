namespace Transporter.Worker.Listing;

/// <summary>What a run's listing found (<see cref="ListedObject"/>).</summary>
public enum ListedAs
{
    /// <summary>A source object to copy.</summary>
    Copy,

    /// <summary>A destination object within the filters that the source also has (mirror syncs: counted for maxDelete).</summary>
    AtDestination,

    /// <summary>A destination object within the filters that the source no longer has (mirror syncs: to delete).</summary>
    Extraneous,
}
