using Transporter.Core.Persistence;
using Transporter.Core.Security;
using Transporter.Identity.Accounts;

namespace Transporter.Identity.Tests.Accounts;

/// <summary>Every identity store over one <see cref="IdentityDatabase"/>, as AddIdentityStores wires them in the
/// platform; a second instance on the same database file plays another replica.</summary>
public sealed class IdentityStores
{
    public IdentityStores(Database database, SecretProtector secrets, TimeProvider clock)
    {
        Database = new IdentityDatabase(database, secrets, clock);
        Roots = new RootStore(Database);
        Users = new UserStore(Database);
        Keys = new AccessKeyStore(Database);
        Passwords = new PasswordStore(Database);
        TwoFactor = new TwoFactorStore(Database);
        Sessions = new SessionStore(Database);
        Policies = new ManagedPolicyStore(Database);
        Attachments = new PolicyAttachmentStore(Database);
        Audit = new AuditLog(Database);
    }

    public IdentityDatabase Database { get; }
    public RootStore Roots { get; }
    public UserStore Users { get; }
    public AccessKeyStore Keys { get; }
    public PasswordStore Passwords { get; }
    public TwoFactorStore TwoFactor { get; }
    public SessionStore Sessions { get; }
    public ManagedPolicyStore Policies { get; }
    public PolicyAttachmentStore Attachments { get; }
    public AuditLog Audit { get; }
}
