using Transporter.Core.Persistence;
using Transporter.Store.Billing;
using Transporter.Testing.Persistence;

namespace Transporter.Store.Tests.Billing;

/// <summary>The billing tables on real SQLite and PostgreSQL (a distributed platform keeps them in PostgreSQL, and
/// several store processes add to the same rows): counts of one minute add up in the minute's and the day's rows, the
/// day's used space is set, listings are newest first within their range, and old rows are pruned.</summary>
public class BillingStoreTests
{
    [Fact]
    public Task On_sqlite() => FreshDatabase.OnSqliteAsync("billing", RunAsync);

    [Fact]
    public Task On_postgresql() => FreshDatabase.OnPostgresAsync("billing", RunAsync);

    private static async Task RunAsync(Database database)
    {
        var store = new BillingStore(database);
        var ct = CancellationToken.None;
        var day = new DateTimeOffset(2026, 12, 4, 0, 0, 0, TimeSpan.Zero);
        var minute = day.AddHours(10).AddMinutes(5);

        await store.AddAsync("acme", minute, new UsageCounts(100, 1, 40, 0, 0), ct);
        await store.AddAsync("acme", minute, new UsageCounts(50, 2, 0, 30, 1), ct);
        await store.AddAsync("acme", minute.AddMinutes(1), new UsageCounts(7, 1, 0, 0, 0), ct);
        await store.AddAsync("other", minute, new UsageCounts(999, 9, 999, 999, 9), ct);
        await store.SetSpaceAsync("acme", minute, usedSpace: 120, objectCount: 3, ct);
        await store.AddAsync("acme", day.AddDays(1), new UsageCounts(1, 1, 0, 0, 0), ct);

        var days = await store.ListDaysAsync("acme", day, day.AddDays(1), ct);
        Assert.Equal([day.AddDays(1), day], days.Select(d => d.Date));
        Assert.Equal(new BillingDay(day, 157, 40, 30, 120, 3), days[1]);

        var minutes = await store.ListMinutesAsync("acme", minute, minute.AddMinutes(2), ct);
        Assert.Equal([minute.AddMinutes(1), minute], minutes.Select(m => m.Date));
        Assert.Equal(new UsageCounts(150, 3, 40, 30, 1), minutes[1].Counts);

        // Minutes are kept two days, days 400.
        await store.PruneAsync(minute + BillingStore.MinuteRetention + TimeSpan.FromMinutes(1), ct);
        Assert.Equal([day.AddDays(1), minute.AddMinutes(1)], (await store.ListMinutesAsync("acme", day, day.AddDays(2), ct)).Select(m => m.Date));
        Assert.Equal(2, (await store.ListDaysAsync("acme", day, day.AddDays(1), ct)).Count);
        await store.PruneAsync(day.AddDays(1) + BillingStore.DayRetention, ct);
        Assert.Equal([day.AddDays(1)], (await store.ListDaysAsync("acme", day, day.AddDays(1), ct)).Select(d => d.Date));
    }
}
