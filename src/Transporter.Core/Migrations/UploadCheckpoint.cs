using Transporter.Core.Storage;

namespace Transporter.Core.Migrations;

/// <summary>
/// The durable progress of one object's copy in a run (table upload_checkpoints): the destination's upload, the source
/// version it copies and how the object is cut, and each part as it completed with its checksum. A worker that takes the
/// object over resumes the upload after these parts, or continues a write session from what it holds
/// (docs/migration-engine.md, "Resuming a copy").
/// </summary>
/// <param name="UploadId">The destination's name of the upload (<see cref="IMultipartUpload.UploadId"/>, or a write session's
/// <see cref="IWriteSession.UploadId"/>: a GCS session URI).</param>
/// <param name="PartSize">The part size of a multipart upload; 0 for a write session (one sequential stream, no parts).</param>
/// <param name="SourceETag">The source version the parts were read from: a resumed copy must read the same one.</param>
/// <param name="Parts">The parts the destination confirmed, in part number order (empty when only the upload is known).</param>
public sealed record UploadCheckpoint(Guid RunId, string Key, string UploadId, string SourceETag, long Size, long PartSize,
    IReadOnlyList<UploadedPart> Parts);
