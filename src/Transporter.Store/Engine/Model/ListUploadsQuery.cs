namespace Transporter.Store.Engine.Model;

/// <summary>One page request of ListMultipartUploads.</summary>
public sealed record ListUploadsQuery(string Prefix, string? Delimiter, string? KeyMarker, string? UploadIdMarker, int MaxUploads);
