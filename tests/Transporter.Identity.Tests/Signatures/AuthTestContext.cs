using System.Security.Cryptography;
using Microsoft.Extensions.Logging.Abstractions;
using Transporter.Core.Persistence;
using Transporter.Core.Security;
using Transporter.Identity.Accounts;
using Transporter.Identity.Signatures;
using Transporter.Testing;

namespace Transporter.Identity.Tests.Signatures;

/// <summary>The real authenticator over the real identity store on a fresh SQLite file, with a settable clock.</summary>
public sealed class AuthTestContext
{
    private AuthTestContext(IdentityStore store, FixedClock clock)
    {
        Store = store;
        Clock = clock;
        Authenticator = new RequestAuthenticator(new AccessKeyCache(store, clock), clock, NullLogger<RequestAuthenticator>.Instance);
    }

    public IdentityStore Store { get; }
    public FixedClock Clock { get; }
    public RequestAuthenticator Authenticator { get; }

    public static async Task<AuthTestContext> CreateAsync(DateTimeOffset now, string root, string accessKeyId, string secretKey)
    {
        var db = Database.Sqlite(Path.Combine(RepoPaths.NewTempDir("auth"), "identity.db"));
        var clock = new FixedClock(now);
        var store = new IdentityStore(db, new SecretProtector(RandomNumberGenerator.GetBytes(32)), clock);
        await store.CreateRootAsync(root, "root@" + root + ".example", accessKeyId, secretKey);
        return new AuthTestContext(store, clock);
    }

    public ValueTask<AuthResult> AuthenticateAsync(SignedRequest request, string service = "s3") =>
        Authenticator.AuthenticateAsync(request, service, CancellationToken.None);
}
