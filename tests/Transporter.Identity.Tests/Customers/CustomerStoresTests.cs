using System.Net;
using Microsoft.Extensions.Options;
using Transporter.Core.Configuration;
using Transporter.Core.Persistence;
using Transporter.Identity.Accounts;
using Transporter.Identity.Customers;
using Transporter.Testing;
using Transporter.Testing.Persistence;

namespace Transporter.Identity.Tests.Customers;

/// <summary>The customers schema (customers, service switches, whitelist rules, SAML connections) on real SQLite and
/// PostgreSQL, read through the <see cref="RootAccessGate"/> every request asks: a disabled customer, a switched-off or
/// expired service, approved subnets only (a rule past its TTL admits nobody but keeps the whitelist on).</summary>
public class CustomerStoresTests
{
    [Fact]
    public Task On_sqlite() => FreshDatabase.OnSqliteAsync("customers", RunAsync);

    [Fact]
    public Task On_postgresql() => FreshDatabase.OnPostgresAsync("customers", RunAsync);

    private static async Task RunAsync(Database database)
    {
        var clock = new FixedClock(DateTimeOffset.UtcNow);
        var customers = new CustomerStore(database, clock);
        var whitelist = new WhitelistStore(database, clock);
        var saml = new SamlConnectionStore(database, clock);
        var gate = new RootAccessGate(customers, whitelist, Options.Create(new TransporterOptions { Region = "us-east-1" }), clock);
        var caller = new Caller("acme", "admin@acme.example", "AKIDACME", true);
        var local = IPAddress.Parse("127.0.0.1");

        await customers.CreateAsync("acme", "default", "admin@acme.example", "customer", false, ["us-east-1"], restrictServiceAccess: true);
        await Assert.ThrowsAsync<IdentityException>(() => customers.CreateAsync("acme", "default", "x@y.example", "", false, [], false));
        Assert.NotNull(await gate.RefusalAsync(caller, "s3", local, default));
        await customers.SetServiceAsync("acme", CustomerServices.Store, true, clock.GetUtcNow().AddHours(1));
        Assert.Null(await gate.RefusalAsync(caller, "s3", local, default));
        Assert.NotNull(await gate.RefusalAsync(caller, "transporter", local, default));
        clock.Now = clock.Now.AddHours(2);
        Assert.Contains("not enabled", await gate.RefusalAsync(caller, "s3", local, default));
        await customers.SetServiceAsync("acme", CustomerServices.Store, true, null);

        await customers.ModifyAsync("acme", new CustomerChange(Active: false, AssumeRoleEnabled: true, Regions: ["us-east-1"]));
        var disabled = (await customers.GetAsync("acme"))!;
        Assert.False(disabled.Active);
        Assert.True(disabled.AssumeRoleEnabled);
        Assert.NotNull(disabled.SuspendedAt);
        Assert.Contains("disabled", await gate.RefusalAsync(caller, "s3", local, default));
        await customers.ModifyAsync("acme", new CustomerChange(Active: true));
        Assert.Null(await gate.RefusalAsync(caller, "s3", local, default));
        Assert.Single(await customers.ListAsync("default"));
        Assert.Empty(await customers.ListAsync("acme"));

        var far = await whitelist.AddAsync("acme", "10.0.0.0/8", [], "office", ttlDays: 1);
        Assert.Equal(WhitelistRule.Pending, far.Status);
        Assert.Null(await gate.RefusalAsync(caller, "s3", local, default));
        await whitelist.DecideAsync("acme", far.RuleId, approve: true, "ok");
        await Assert.ThrowsAsync<IdentityException>(() => whitelist.DecideAsync("acme", far.RuleId, approve: false, null));
        Assert.Contains("whitelist", await gate.RefusalAsync(caller, "s3", local, default));
        Assert.Null(await gate.RefusalAsync(caller, "s3", IPAddress.Parse("10.2.3.4"), default));
        Assert.Null(await gate.RefusalAsync(caller, "s3", IPAddress.Parse("10.2.3.4").MapToIPv6(), default));
        Assert.Null(await gate.RefusalAsync(caller, "s3", null, default));
        clock.Now = clock.Now.AddDays(2);
        Assert.Equal(WhitelistRule.Suspended, (await whitelist.GetAsync("acme", far.RuleId))!.StatusAt(clock.Now));
        Assert.NotNull(await gate.RefusalAsync(caller, "s3", IPAddress.Parse("10.2.3.4"), default));
        var near = await whitelist.AddAsync("acme", "127.0.0.0/8", [], "", null);
        await whitelist.DecideAsync("acme", near.RuleId, approve: true, null);
        Assert.Null(await gate.RefusalAsync(caller, "s3", local, default));
        Assert.Null(await gate.RefusalAsync(new Caller("other", "root", "AKIDOTHER", true), "s3", local, default));

        await saml.SaveAsync("acme", "<md:EntityDescriptor/>", clock.Now.AddDays(30), replace: false);
        await Assert.ThrowsAsync<IdentityException>(() => saml.SaveAsync("acme", "<x/>", null, replace: false));
        await saml.SaveAsync("acme", "<md:EntityDescriptor entityID='b'/>", null, replace: true);
        Assert.Null((await saml.GetAsync("acme"))!.ExpiresAt);

        await customers.DeleteAsync("acme");
        Assert.Null(await customers.GetAsync("acme"));
        Assert.Empty(await whitelist.ListAsync("acme"));
        Assert.Null(await saml.GetAsync("acme"));
        Assert.Null(await gate.RefusalAsync(caller, "s3", IPAddress.Parse("192.0.2.1"), default));
    }
}
