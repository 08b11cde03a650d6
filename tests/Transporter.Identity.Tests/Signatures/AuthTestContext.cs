using System.Security.Cryptography;
using Microsoft.Extensions.Logging.Abstractions;
using Transporter.Core.Persistence;
using Transporter.Core.Security;
using Transporter.Identity.Accounts;
using Transporter.Identity.Signatures;
using Transporter.Identity.Tests.Accounts;
using Transporter.Testing;

namespace Transporter.Identity.Tests.Signatures;

/// <summary>The real authenticator over the real identity stores on a fresh SQLite file, with a settable clock.</summary>
public sealed class AuthTestContext
{
    private AuthTestContext(IdentityStores identity, FixedClock clock)
    {
        Identity = identity;
        Clock = clock;
        Authenticator = new RequestAuthenticator(new AccessKeyCache(identity.Keys, clock), clock, NullLogger<RequestAuthenticator>.Instance);
    }

    public IdentityStores Identity { get; }
    public FixedClock Clock { get; }
    public RequestAuthenticator Authenticator { get; }

    public static async Task<AuthTestContext> CreateAsync(DateTimeOffset now, string root, string accessKeyId, string secretKey)
    {
        var db = Database.Sqlite(Path.Combine(RepoPaths.NewTempDir("auth"), "identity.db"));
        var clock = new FixedClock(now);
        var store = new IdentityStores(db, new SecretProtector(RandomNumberGenerator.GetBytes(32)), clock);
        await store.Roots.CreateRootAsync(root, "root@" + root + ".example", accessKeyId, secretKey);
        return new AuthTestContext(store, clock);
    }

    public ValueTask<AuthResult> AuthenticateAsync(SignedRequest request, string service = "s3") =>
        Authenticator.AuthenticateAsync(request, service, CancellationToken.None);
}
