namespace Transporter.Core.Migrations;

/// <summary>What a migration does on each run: copy everything it lists, or sync (copy only what the destination lacks).</summary>
public static class MigrationKind
{
    /// <summary>A one-off copy (POST /migrations).</summary>
    public const string Migration = "migration";

    /// <summary>An incremental sync (POST /sync); see <see cref="SyncMode"/>.</summary>
    public const string Sync = "sync";
}
