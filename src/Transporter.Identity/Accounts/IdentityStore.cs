using System.Data.Common;
using Microsoft.Data.Sqlite;
using Npgsql;
using Transporter.Core.Persistence;
using Transporter.Core.Security;

namespace Transporter.Identity.Accounts;

/// <summary>
/// The identity store shared by the S3 store, the migration API and the GUI: roots, their users and the users' access
/// keys, in the platform database. Secrets are encrypted at rest with <see cref="SecretProtector"/> (SigV4 needs them
/// back in plaintext) and leave this class only in <see cref="NewAccessKey"/> and <see cref="SigningCredential"/>.
/// Split by entity: IdentityStore.Roots.cs, .Users.cs, .AccessKeys.cs.
/// </summary>
public sealed partial class IdentityStore(Database db, SecretProtector secrets, TimeProvider clock)
{
    private readonly SchemaGate _schema = new(db, IdentitySchema.Component, IdentitySchema.Steps);

    /// <summary>Raised with the access key id after a key was created, deleted or given a new secret in this process,
    /// so caches drop it at once (other processes converge by the cache's time to live).</summary>
    public event Action<string>? AccessKeyChanged;

    /// <summary>Creates or upgrades the identity tables; every operation also does it on first use.</summary>
    public Task InitializeAsync(CancellationToken ct = default) => _schema.EnsureAsync(ct);

    private Task<DbConnection> OpenAsync(CancellationToken ct) => _schema.OpenAsync(ct);

    private long NowMs() => clock.GetUtcNow().ToUnixTimeMilliseconds();

    private static DateTimeOffset FromMs(long ms) => DateTimeOffset.FromUnixTimeMilliseconds(ms);

    private void OnAccessKeyChanged(string accessKeyId) => AccessKeyChanged?.Invoke(accessKeyId);

    private static bool IsUniqueViolation(DbException e) =>
        e is SqliteException { SqliteErrorCode: 19 } || e is PostgresException { SqlState: "23505" };
}
