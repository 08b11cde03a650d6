namespace Transporter.Store.Engine.Model;

/// <summary>One page of a multipart upload's parts, ascending by part number.</summary>
public sealed record ListPartsPage(MultipartUploadInfo Upload, IReadOnlyList<UploadedPart> Parts, bool IsTruncated, int? NextPartNumberMarker);
