namespace Transporter.Core.Messaging;

/// <summary>A batch of a run waits in copy_batches; its items are read from there. Duplicates are harmless: a worker
/// must claim the batch row before copying, and a finished batch has no row.</summary>
public sealed record CopyBatchReady(Guid MigrationId, Guid RunId, string BatchId);
