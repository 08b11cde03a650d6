using Transporter.Core.Migrations;

namespace Transporter.Core.Messaging;

/// <summary>A run reached a finished state (Completed, CompletedWithErrors, Failed, Terminated); published once by the
/// process whose conditional update finished it, for notifications and schedules.</summary>
public sealed record MigrationRunFinished(Guid MigrationId, Guid RunId, MigrationState State);
