using System.Security.Cryptography;
using OtpNet;
using Transporter.Core.Persistence;
using Transporter.Core.Security;
using Transporter.Identity.Accounts;
using Transporter.Testing;
using Transporter.Testing.Persistence;

namespace Transporter.Identity.Tests.Accounts;

/// <summary>Users' profiles, TOTP and password reset tokens (identity schema steps 6-8) on real SQLite and PostgreSQL:
/// defaults, partial updates, the root user's type, invalid values refused without a change; a TOTP code of the clock's
/// time enables two-factor sign-in and a recovery code works once; a reset token sets a password once.</summary>
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
        await TwoFactorAndResetsAsync(database);
    }

    [Fact]
    public Task Two_factor_and_resets_on_sqlite() =>
        TwoFactorAndResetsAsync(Database.Sqlite(Path.Combine(RepoPaths.NewTempDir("identity-tfa"), "transporter.db")));

    private async Task TwoFactorAndResetsAsync(Database database)
    {
        var clock = new FixedClock(DateTimeOffset.UtcNow);
        var store = new IdentityStores(database, _protector, clock);
        await store.Roots.CreateRootAsync("tfa", "admin@tfa.example");
        await store.Users.CreateUserAsync("tfa", "eve@tfa.example");

        var secret = await store.TwoFactor.PrepareTwoFactorAsync("tfa", "eve@tfa.example");
        Assert.False(await store.TwoFactor.IsTwoFactorEnabledAsync("tfa", "eve@tfa.example"));
        var totp = new Totp(Base32Encoding.ToBytes(secret));
        Assert.Null(await store.TwoFactor.EnableTwoFactorAsync("tfa", "eve@tfa.example", totp.ComputeTotp(clock.GetUtcNow().UtcDateTime.AddHours(-1))));
        var codes = await store.TwoFactor.EnableTwoFactorAsync("tfa", "eve@tfa.example", totp.ComputeTotp(clock.GetUtcNow().UtcDateTime))
                    ?? throw new InvalidOperationException("the current code was refused");
        Assert.Equal(10, codes.Distinct().Count());
        Assert.True(await store.TwoFactor.IsTwoFactorEnabledAsync("tfa", "eve@tfa.example"));
        Assert.True(await store.TwoFactor.VerifyTwoFactorAsync("tfa", "eve@tfa.example", totp.ComputeTotp(clock.GetUtcNow().UtcDateTime)));
        Assert.True(await store.TwoFactor.VerifyTwoFactorAsync("tfa", "eve@tfa.example", codes[3]));
        Assert.False(await store.TwoFactor.VerifyTwoFactorAsync("tfa", "eve@tfa.example", codes[3]));
        await store.TwoFactor.DisableTwoFactorAsync("tfa", "eve@tfa.example");
        Assert.False(await store.TwoFactor.IsTwoFactorEnabledAsync("tfa", "eve@tfa.example"));

        await store.Passwords.SetPasswordAsync("tfa", "eve@tfa.example", "First-Password-1", mustChange: true);
        var token = await store.Passwords.CreatePasswordResetTokenAsync("tfa", "eve@tfa.example", invalidatePassword: true);
        Assert.False(await store.Passwords.VerifyPasswordAsync("tfa", "eve@tfa.example", "First-Password-1"));
        await Assert.ThrowsAsync<IdentityException>(() => store.Passwords.ResetPasswordAsync(token, "weak"));
        Assert.Equal(("tfa", "eve@tfa.example"), await store.Passwords.ResetPasswordAsync(token, "Second-Password-2"));
        Assert.Null(await store.Passwords.ResetPasswordAsync(token, "Third-Password-3"));
        Assert.True(await store.Passwords.VerifyPasswordAsync("tfa", "eve@tfa.example", "Second-Password-2"));
        Assert.False(await store.Passwords.PasswordMustChangeAsync("tfa", "eve@tfa.example"));
        var expiring = await store.Passwords.CreatePasswordResetTokenAsync("tfa", "eve@tfa.example", invalidatePassword: false);
        clock.Now += PasswordStore.PasswordResetLifetime + TimeSpan.FromSeconds(1);
        Assert.Null(await store.Passwords.ResetPasswordAsync(expiring, "Fourth-Password-4"));
    }

    private async Task ProfilesAsync(Database database)
    {
        var store = new IdentityStores(database, _protector, new FixedClock(DateTimeOffset.UtcNow));
        await store.Roots.CreateRootAsync("acme", "admin@acme.example");
        await store.Users.CreateUserAsync("acme", "bob@acme.example");

        Assert.Equal(UserProfile.Default(isRoot: false), await store.Users.GetProfileAsync("acme", "bob@acme.example"));
        Assert.Equal("root", (await store.Users.GetProfileAsync("acme", "admin@acme.example")).Type);

        await store.Users.SetProfileAsync("acme", "bob@acme.example", "Bob", "Builder", "admin", null);
        await store.Users.SetProfileAsync("acme", "bob@acme.example", null, null, null, UserProfile.Federated);
        Assert.Equal(new UserProfile("Bob", "Builder", "admin", UserProfile.Federated), await store.Users.GetProfileAsync("acme", "bob@acme.example"));

        foreach (var (type, method) in new[] { ("root", (string?)null), ("emperor", null), (null, "magic") })
        {
            var refused = await Assert.ThrowsAsync<IdentityException>(() => store.Users.SetProfileAsync("acme", "bob@acme.example", "Changed", null, type, method));
            Assert.Equal(IdentityErrorKind.Invalid, refused.Kind);
        }
        await Assert.ThrowsAsync<IdentityException>(() => store.Users.SetProfileAsync("acme", "admin@acme.example", null, null, "user", null));
        Assert.Equal(new UserProfile("Bob", "Builder", "admin", UserProfile.Federated), await store.Users.GetProfileAsync("acme", "bob@acme.example"));
        Assert.Equal(IdentityErrorKind.NotFound,
            (await Assert.ThrowsAsync<IdentityException>(() => store.Users.GetProfileAsync("acme", "nobody@acme.example"))).Kind);
    }
}
