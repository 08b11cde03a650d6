namespace Transporter.Store.Engine.Model;

/// <summary>One page of multipart uploads, ordered by key then initiation.</summary>
public sealed record ListUploadsPage(
    IReadOnlyList<MultipartUploadInfo> Uploads, IReadOnlyList<string> CommonPrefixes, bool IsTruncated,
    string? NextKeyMarker, string? NextUploadIdMarker);
