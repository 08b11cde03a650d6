namespace Transporter.Core.Migrations;

/// <summary>A multipart upload a finished run left open (its checkpoint), with the migration whose destination holds it.</summary>
public sealed record LeftoverUpload(Guid MigrationId, UploadCheckpoint Checkpoint);
