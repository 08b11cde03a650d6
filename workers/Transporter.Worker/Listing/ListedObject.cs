using Transporter.Core.Storage;

namespace Transporter.Worker.Listing;

/// <summary>One step of a run's listing, in key order: an object to copy, or (mirror syncs) one seen at the destination.</summary>
public readonly record struct ListedObject(ObjectSummary Summary, ListedAs Kind);
