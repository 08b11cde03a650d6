namespace Transporter.Store.Engine.Blobs;

/// <summary>One data file of an object, in order: the single file of an object, or one part of a manifest.</summary>
internal readonly record struct BlobSegment(string BlobId, long Length, int Part = 0);
