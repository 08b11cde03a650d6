namespace Transporter.Store.Engine.Model;

/// <summary>One page request of ListMultipartUploads.</summary>
public sealed record ListUploadsQuery(string Prefix, string? Delimiter, string? KeyMarker, string? UploadIdMarker, int MaxUploads);

/// <summary>One page of multipart uploads, ordered by key then initiation.</summary>
public sealed record ListUploadsPage(
    IReadOnlyList<MultipartUploadInfo> Uploads, IReadOnlyList<string> CommonPrefixes, bool IsTruncated,
    string? NextKeyMarker, string? NextUploadIdMarker);
