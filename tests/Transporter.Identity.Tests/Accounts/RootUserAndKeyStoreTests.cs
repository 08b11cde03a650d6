using System.Security.Cryptography;
using Dapper;
using Transporter.Core.Persistence;
using Transporter.Core.Security;
using Transporter.Identity.Accounts;
using Transporter.Testing;

namespace Transporter.Identity.Tests.Accounts;

/// <summary>The root, user and access key stores on a real SQLite file: roots, users, keys, secrets at rest, and the key cache.</summary>
public class RootUserAndKeyStoreTests
{
    private readonly string _path = Path.Combine(RepoPaths.NewTempDir("identity"), "transporter.db");
    private readonly SecretProtector _protector = new(RandomNumberGenerator.GetBytes(32));
    private readonly FixedClock _clock = new(DateTimeOffset.UtcNow);

    private IdentityStores NewStore() => new(Database.Sqlite(_path), _protector, _clock);

    [Fact]
    public async Task Root_user_and_keys_round_trip_and_secrets_are_encrypted_at_rest()
    {
        var store = NewStore();
        var created = await store.Roots.CreateRootAsync("acme", "admin@acme.example");
        Assert.Matches("^[A-Z0-9]{20}$", created.AccessKey.AccessKeyId);
        Assert.Matches("^[A-Za-z0-9]{40}$", created.AccessKey.SecretAccessKey);
        Assert.True(created.RootUser.IsRoot);
        Assert.DoesNotContain(created.AccessKey.SecretAccessKey, created.AccessKey.ToString());

        await store.Users.CreateUserAsync("acme", "bob@acme.example");
        var bobKey = await store.Keys.CreateAccessKeyAsync("acme", "bob@acme.example");
        var imported = await store.Keys.CreateAccessKeyAsync("acme", "bob@acme.example", "IMPORTEDKEY000000001", "imported/secret+value");

        Assert.Equal(["acme"], (await store.Roots.ListRootsAsync()).Select(r => r.Name));
        Assert.Equal("admin@acme.example", (await store.Roots.GetRootAsync("acme"))!.RootUserName);
        Assert.Equal(["admin@acme.example", "bob@acme.example"], (await store.Users.ListUsersAsync("acme")).Select(u => u.UserName));
        Assert.Equal(3, (await store.Keys.ListAccessKeysAsync("acme")).Count);
        Assert.Equal(2, (await store.Keys.ListAccessKeysAsync("acme", "bob@acme.example")).Count);

        var credential = await store.Keys.LoadCredentialAsync(imported.AccessKeyId);
        Assert.Equal(new Caller("acme", "bob@acme.example", "IMPORTEDKEY000000001", false), credential!.Caller);
        Assert.Equal("imported/secret+value", credential.SecretKey);
        Assert.DoesNotContain("imported/secret+value", credential.ToString());

        await using var connection = await Database.Sqlite(_path).OpenAsync();
        var stored = (await connection.QueryAsync<string>("SELECT secret_protected FROM identity_access_keys")).ToList();
        Assert.Equal(3, stored.Count);
        foreach (var secret in new[] { created.AccessKey.SecretAccessKey, bobKey.SecretAccessKey, imported.SecretAccessKey })
            Assert.DoesNotContain(stored, s => s.Contains(secret, StringComparison.Ordinal));
        var rawFile = await File.ReadAllBytesAsync(_path);
        Assert.Equal(-1, rawFile.AsSpan().IndexOf("imported/secret+value"u8));
    }

    [Fact]
    public async Task Bad_or_duplicate_input_is_refused_and_nothing_is_half_written()
    {
        var store = NewStore();
        await store.Roots.CreateRootAsync("acme", "root", "ACMEROOTKEY000000001", "acme-secret-0001");
        Assert.Equal(IdentityErrorKind.Conflict, (await Assert.ThrowsAsync<IdentityException>(() => store.Roots.CreateRootAsync("acme", "root"))).Kind);
        // The key is taken: the second root must not exist afterwards either.
        Assert.Equal(IdentityErrorKind.Conflict, (await Assert.ThrowsAsync<IdentityException>(
            () => store.Roots.CreateRootAsync("other", "root", "ACMEROOTKEY000000001", "another-secret"))).Kind);
        Assert.Null(await store.Roots.GetRootAsync("other"));
        Assert.Equal(IdentityErrorKind.Invalid, (await Assert.ThrowsAsync<IdentityException>(() => store.Roots.CreateRootAsync("Bad Name", "root"))).Kind);
        Assert.Equal(IdentityErrorKind.Invalid, (await Assert.ThrowsAsync<IdentityException>(() => store.Users.CreateUserAsync("acme", "has space"))).Kind);
        Assert.Equal(IdentityErrorKind.NotFound, (await Assert.ThrowsAsync<IdentityException>(() => store.Users.CreateUserAsync("nope", "x@y"))).Kind);
        Assert.Equal(IdentityErrorKind.NotFound, (await Assert.ThrowsAsync<IdentityException>(() => store.Keys.CreateAccessKeyAsync("acme", "ghost"))).Kind);
        Assert.Equal(IdentityErrorKind.Invalid, (await Assert.ThrowsAsync<IdentityException>(() => store.Keys.CreateAccessKeyAsync("acme", "root", "ONLYTHEIDGIVEN000001"))).Kind);
        Assert.Equal(IdentityErrorKind.NotFound, (await Assert.ThrowsAsync<IdentityException>(() => store.Keys.DeleteAccessKeyAsync("acme", "root", "NOSUCHKEY"))).Kind);
        Assert.Single(await store.Roots.ListRootsAsync());
    }

    [Fact]
    public async Task Cache_answers_without_the_database_drops_local_changes_at_once_and_sees_other_replicas_after_its_ttl()
    {
        var store = NewStore();
        var cache = new AccessKeyCache(store.Keys, _clock);
        var created = await store.Roots.CreateRootAsync("acme", "root");
        var id = created.AccessKey.AccessKeyId;
        Assert.Equal(created.AccessKey.SecretAccessKey, (await cache.FindAsync(id, default))!.SecretKey);

        // A local delete is seen at once.
        await store.Keys.DeleteAccessKeyAsync("acme", "root", id);
        Assert.Null(await cache.FindAsync(id, default));

        // A change made by another replica (another store on the same database) is seen once the entry expires.
        var key = await store.Keys.CreateAccessKeyAsync("acme", "root");
        Assert.NotNull(await cache.FindAsync(key.AccessKeyId, default));
        var replica = NewStore();
        await replica.Keys.DeleteAccessKeyAsync("acme", "root", key.AccessKeyId);
        Assert.NotNull(await cache.FindAsync(key.AccessKeyId, default));
        _clock.Now += AccessKeyCache.TimeToLive + TimeSpan.FromSeconds(1);
        Assert.Null(await cache.FindAsync(key.AccessKeyId, default));

        // An unknown key is remembered briefly, and a local creation replaces that answer at once.
        Assert.Null(await cache.FindAsync("LATERCREATED00000001", default));
        await store.Keys.CreateAccessKeyAsync("acme", "root", "LATERCREATED00000001", "later-secret-1");
        Assert.Equal("later-secret-1", (await cache.FindAsync("LATERCREATED00000001", default))!.SecretKey);
    }
}
