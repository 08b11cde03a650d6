using Transporter.Core.Migrations;

namespace Transporter.Core.Stats;

/// <summary>Whose statistics: the migrations <see cref="Owner"/> may see (the whole root for a root user, its own
/// migrations for another user), or only <see cref="MigrationId"/> among them.</summary>
public sealed record StatsScope(MigrationOwner Owner, Guid? MigrationId = null);
