namespace Transporter.Core.Migrations;

/// <summary>What a migration does on each run: copy everything it lists, sync (copy only what the destination lacks), or
/// verify (copy nothing, compare both sides).</summary>
public static class MigrationKind
{
    /// <summary>A one-off copy (POST /migrations).</summary>
    public const string Migration = "migration";

    /// <summary>An incremental sync (POST /sync); see <see cref="SyncMode"/>.</summary>
    public const string Sync = "sync";

    /// <summary>A verify-only run (POST /verify): compares the source with the destination and copies nothing.</summary>
    public const string Verify = "verify";
}
