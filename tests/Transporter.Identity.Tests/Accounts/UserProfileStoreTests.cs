using System.Security.Cryptography;
using Transporter.Core.Persistence;
using Transporter.Core.Security;
using Transporter.Identity.Accounts;
using Transporter.Testing;
using Transporter.Testing.Persistence;

namespace Transporter.Identity.Tests.Accounts;

/// <summary>Users' profiles (identity schema step 6) on real SQLite and PostgreSQL: defaults, partial updates, the
/// root user's type, invalid values refused without a change.</summary>
public class UserProfileStoreTests
{
    private readonly SecretProtector _protector = new(RandomNumberGenerator.GetBytes(32));

    [Fact]
    public Task Profiles_on_sqlite() =>
        ProfilesAsync(Database.Sqlite(Path.Combine(RepoPaths.NewTempDir("identity-profiles"), "transporter.db")));

    [Fact]
    public async Task Profiles_on_postgresql()
    {
        await using var created = await PostgresDatabase.CreateAsync("identity_profiles");
        await using var database = Database.Postgres(created.ConnectionString);
        await ProfilesAsync(database);
    }

    private async Task ProfilesAsync(Database database)
    {
        var store = new IdentityStore(database, _protector, new FixedClock(DateTimeOffset.UtcNow));
        await store.CreateRootAsync("acme", "admin@acme.example");
        await store.CreateUserAsync("acme", "bob@acme.example");

        Assert.Equal(UserProfile.Default(isRoot: false), await store.GetProfileAsync("acme", "bob@acme.example"));
        Assert.Equal("root", (await store.GetProfileAsync("acme", "admin@acme.example")).Type);

        await store.SetProfileAsync("acme", "bob@acme.example", "Bob", "Builder", "admin", null);
        await store.SetProfileAsync("acme", "bob@acme.example", null, null, null, UserProfile.Federated);
        Assert.Equal(new UserProfile("Bob", "Builder", "admin", UserProfile.Federated), await store.GetProfileAsync("acme", "bob@acme.example"));

        foreach (var (type, method) in new[] { ("root", (string?)null), ("emperor", null), (null, "magic") })
        {
            var refused = await Assert.ThrowsAsync<IdentityException>(() => store.SetProfileAsync("acme", "bob@acme.example", "Changed", null, type, method));
            Assert.Equal(IdentityErrorKind.Invalid, refused.Kind);
        }
        await Assert.ThrowsAsync<IdentityException>(() => store.SetProfileAsync("acme", "admin@acme.example", null, null, "user", null));
        Assert.Equal(new UserProfile("Bob", "Builder", "admin", UserProfile.Federated), await store.GetProfileAsync("acme", "bob@acme.example"));
        Assert.Equal(IdentityErrorKind.NotFound,
            (await Assert.ThrowsAsync<IdentityException>(() => store.GetProfileAsync("acme", "nobody@acme.example"))).Kind);
    }
}
