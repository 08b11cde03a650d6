namespace Transporter.Store.Engine.Model;

/// <summary>A part named in a CompleteMultipartUpload request, with the ETag the client received for it and, when
/// the client sent one, the part's checksum (base64) to compare with the stored one.</summary>
public sealed record CompletedPart(int PartNumber, string ETag, string? Checksum = null);
