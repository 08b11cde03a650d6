namespace Transporter.Core.Messaging;

/// <summary>A run was created (or resumed, or retried) and needs a lister: its consumer claims the run's lister lease.
/// Published by the API or a schedule. Duplicates are harmless: only one process holds a run's lease.</summary>
public sealed record StartMigrationRun(Guid MigrationId, Guid RunId);
