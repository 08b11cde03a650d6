using System.Security.Cryptography;
using Transporter.Core.Persistence;
using Transporter.Core.Security;
using Transporter.Identity.Accounts;
using Transporter.Identity.Policies;
using Transporter.Testing;

namespace Transporter.Identity.Tests.Accounts;

/// <summary>The rules that span several identity stores, on a real SQLite file: a user with keys or attached policies
/// cannot be deleted, nor the root user; a change made through one store reaches the caches that listen to another
/// (a deleted root's keys stop signing at once; a new default policy version empties the users' policy cache).</summary>
public class CrossFamilyRuleTests
{
    private const string AllowAll = """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*"}]}""";
    private const string DenyAll = """{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"s3:*","Resource":"*"}]}""";

    private readonly FixedClock _clock = new(DateTimeOffset.UtcNow);

    private IdentityStores NewStores() => new(Database.Sqlite(Path.Combine(RepoPaths.NewTempDir("identity-rules"), "transporter.db")),
        new SecretProtector(RandomNumberGenerator.GetBytes(32)), _clock);

    [Fact]
    public async Task A_user_is_deleted_only_without_keys_and_policies_and_never_the_root_user()
    {
        var stores = NewStores();
        await stores.Roots.CreateRootAsync("acme", "root");
        await stores.Users.CreateUserAsync("acme", "bob");
        var key = await stores.Keys.CreateAccessKeyAsync("acme", "bob");
        await stores.Policies.CreatePolicyAsync("acme", "everything", AllowAll);
        await stores.Attachments.AttachUserPolicyAsync("acme", "bob", "everything");

        Assert.Equal("Cannot delete entity, must delete access keys first.", (await RefusedAsync(() => stores.Users.DeleteUserAsync("acme", "bob", "root"))).Message);
        await stores.Keys.DeleteAccessKeyAsync("acme", "bob", key.AccessKeyId);
        Assert.Equal("Cannot delete entity, must detach all policies first.", (await RefusedAsync(() => stores.Users.DeleteUserAsync("acme", "bob", "root"))).Message);
        Assert.Equal("Cannot delete a policy attached to entities.", (await RefusedAsync(() => stores.Policies.DeletePolicyAsync("acme", "everything"))).Message);
        await stores.Attachments.DetachUserPolicyAsync("acme", "bob", "everything");
        Assert.Equal("The root user cannot be deleted.", (await RefusedAsync(() => stores.Users.DeleteUserAsync("acme", "root", "bob"))).Message);

        await stores.Users.DeleteUserAsync("acme", "bob", "root");
        Assert.Null(await stores.Users.GetUserAsync("acme", "bob"));
        await stores.Policies.DeletePolicyAsync("acme", "everything");
        Assert.Empty(await stores.Policies.ListPoliciesAsync("acme"));
    }

    [Fact]
    public async Task Changes_through_one_store_reach_the_caches_listening_to_another()
    {
        var stores = NewStores();
        var keyCache = new AccessKeyCache(stores.Keys, _clock);
        var policyCache = new UserPolicyCache(stores.Attachments, _clock);
        var created = await stores.Roots.CreateRootAsync("acme", "root");
        await stores.Users.CreateUserAsync("acme", "bob");
        var bobKey = await stores.Keys.CreateAccessKeyAsync("acme", "bob");
        await stores.Policies.CreatePolicyAsync("acme", "everything", AllowAll);
        await stores.Attachments.AttachUserPolicyAsync("acme", "bob", "everything");

        Assert.Equal(PolicyEffect.Allow, Assert.Single(Assert.Single(await policyCache.GetAsync("acme", "bob", default)).Statements).Effect);
        await stores.Policies.CreatePolicyVersionAsync("acme", "everything", DenyAll, setAsDefault: true);
        Assert.False(policyCache.TryGet("acme", "bob", out _));
        Assert.Equal(PolicyEffect.Deny, Assert.Single(Assert.Single(await policyCache.GetAsync("acme", "bob", default)).Statements).Effect);

        Assert.NotNull(await keyCache.FindAsync(created.AccessKey.AccessKeyId, default));
        Assert.NotNull(await keyCache.FindAsync(bobKey.AccessKeyId, default));
        await stores.Roots.DeleteRootAsync("acme");
        Assert.Null(await keyCache.FindAsync(created.AccessKey.AccessKeyId, default));
        Assert.Null(await keyCache.FindAsync(bobKey.AccessKeyId, default));
        Assert.Equal(IdentityErrorKind.NotFound, (await Assert.ThrowsAsync<IdentityException>(() => stores.Users.ListUsersAsync("acme"))).Kind);
    }

    private static async Task<IdentityException> RefusedAsync(Func<Task> action)
    {
        var refused = await Assert.ThrowsAsync<IdentityException>(action);
        Assert.Equal(IdentityErrorKind.DeleteConflict, refused.Kind);
        return refused;
    }
}
