using System.Data.Common;
using Microsoft.Data.Sqlite;
using Npgsql;
using Transporter.Core.Persistence;
using Transporter.Core.Security;

namespace Transporter.Identity.Accounts;

/// <summary>
/// The identity tables (<see cref="IdentitySchema"/>) in the platform database, as the identity stores share them: the
/// schema created or upgraded once, on first use by any of them; the <see cref="SecretProtector"/> that keeps secrets
/// encrypted at rest (SigV4 needs them back in plaintext); the injected clock every stored time is read from; and the
/// change notices the in-process caches listen to. One per process (a DI singleton; <c>AddIdentityStores</c>).
/// </summary>
/// <remarks>
/// The stores are cut by what their callers need: <see cref="RootStore"/>, <see cref="UserStore"/>,
/// <see cref="AccessKeyStore"/>, <see cref="PasswordStore"/>, <see cref="TwoFactorStore"/>, <see cref="SessionStore"/>,
/// <see cref="ManagedPolicyStore"/>, <see cref="PolicyAttachmentStore"/> and <see cref="AuditLog"/>. Secrets leave them
/// only in <see cref="NewAccessKey"/>, <see cref="NewSession"/> and <see cref="SigningCredential"/>. A step that reads
/// or writes several families' tables (a user with keys cannot be deleted, a new root brings its first key) keeps its
/// one transaction: the SQL they share is in internal types (<see cref="RootSql"/>, <see cref="UserSql"/>,
/// <see cref="AccessKeySql"/>, <see cref="SessionSql"/>, <see cref="PolicySql"/>), never a call from one store into another.
/// </remarks>
public sealed class IdentityDatabase(Database db, SecretProtector secrets, TimeProvider clock)
{
    private readonly SchemaGate _schema = new(db, IdentitySchema.Component, IdentitySchema.Steps);

    /// <summary>Raised with the access key id after a key was created, deleted or given a new secret in this process
    /// (by any store: a new or deleted root brings or takes keys too), so caches drop it at once.</summary>
    internal event Action<string>? AccessKeyChanged;

    /// <summary>Raised after a policy, one of its versions or an attachment changed in this process.</summary>
    internal event Action? PoliciesChanged;

    /// <summary>Creates or upgrades the identity tables; every operation also does it on first use.</summary>
    public Task InitializeAsync(CancellationToken ct = default) => _schema.EnsureAsync(ct);

    internal SecretProtector Secrets => secrets;

    internal TimeProvider Clock => clock;

    internal long NowMs() => clock.NowMs();

    /// <summary>A connection to the database, the identity tables in place.</summary>
    internal Task<DbConnection> OpenAsync(CancellationToken ct) => _schema.OpenAsync(ct);

    internal void OnAccessKeyChanged(string accessKeyId) => AccessKeyChanged?.Invoke(accessKeyId);

    internal void OnPoliciesChanged() => PoliciesChanged?.Invoke();

    internal static bool IsUniqueViolation(DbException e) =>
        e is SqliteException { SqliteErrorCode: 19 } || e is PostgresException { SqlState: "23505" };
}
