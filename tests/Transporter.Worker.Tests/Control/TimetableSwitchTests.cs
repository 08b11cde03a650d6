using System.Security.Cryptography;
using Microsoft.Extensions.Logging.Abstractions;
using Transporter.Core.Bandwidth;
using Transporter.Core.Endpoints;
using Transporter.Core.Migrations;
using Transporter.Core.Migrations.Persistence;
using Transporter.Core.Persistence;
using Transporter.Core.Security;
using Transporter.Testing;
using Transporter.Worker.Control;

namespace Transporter.Worker.Tests.Control;

/// <summary>MigrationControl applies a migration's bandwidth timetable to its limiter at each poll, by the clock the
/// process runs on: moved by hand here across the window's boundaries (Europe/Berlin, summer time).</summary>
public sealed class TimetableSwitchTests
{
    [Fact]
    public async Task The_limiter_follows_the_timetable_across_its_boundaries_and_the_own_limit_outside()
    {
        // Monday 1 June 2026, 07:59:30 in Berlin (UTC+2).
        var clock = new HandClock(new DateTimeOffset(2026, 6, 1, 5, 59, 30, TimeSpan.Zero));
        var migrationDatabase = new MigrationDatabase(Database.Sqlite(Path.Combine(RepoPaths.NewTempDir("timetable"), "transporter.db")), clock);
        var secrets = new SecretProtector(RandomNumberGenerator.GetBytes(32));
        var repository = new MigrationRepository(migrationDatabase, secrets);
        var endpoint = new EndpointConfig { Type = EndpointType.S3V4, AccessKey = "AK", SecretKey = "SK", Bucket = "b", Endpoint = "http://127.0.0.1:1" };
        var migration = new Migration
        {
            Id = Guid.NewGuid(),
            Root = "acme",
            UserName = "root",
            Kind = MigrationKind.Migration,
            Source = endpoint.WithoutSecrets(),
            Destination = endpoint.WithoutSecrets(),
            Controls = new MigrationControls
            {
                BandwidthTimetable = [new BandwidthWindow { Days = "Mon-Fri", From = "08:00", To = "18:00", Limit = 10_000_000 }],
                TimeZone = "Europe/Berlin",
            },
        };
        var run = (await repository.CreateAsync(migration, new EndpointPair(endpoint, endpoint), startNow: true))!;
        using var limiters = new BandwidthLimiterRegistry();
        var runs = new RunRepository(migrationDatabase, secrets);
        var control = new MigrationControl(repository, runs, limiters, NullLogger<MigrationControl>.Instance, clock);
        using var tracking = control.Track(migration.Id, run.Id);

        async Task<long> LimitAtAsync(TimeSpan after)
        {
            clock.Advance(after);
            await control.PollAsync(CancellationToken.None);
            return limiters.GetOrCreate(migration.Id, -1).BytesPerSecond;
        }

        Assert.Equal(0, await LimitAtAsync(TimeSpan.Zero)); // 07:59:30, outside: the own limit, none
        Assert.Equal(0, await LimitAtAsync(TimeSpan.FromSeconds(29))); // 07:59:59
        Assert.Equal(10_000_000, await LimitAtAsync(TimeSpan.FromSeconds(1))); // 08:00:00
        Assert.Equal(10_000_000, await LimitAtAsync(TimeSpan.FromHours(10) - TimeSpan.FromSeconds(1))); // 17:59:59
        Assert.Equal(0, await LimitAtAsync(TimeSpan.FromSeconds(1))); // 18:00:00
        await repository.SetBandwidthAsync([(migration.Id, 5000)]);
        Assert.Equal(5000, await LimitAtAsync(TimeSpan.FromHours(1))); // 19:00: the limit POST /bandwidth set
        Assert.Equal(10_000_000, await LimitAtAsync(TimeSpan.FromHours(13))); // Tuesday 08:00
    }

    private sealed class HandClock(DateTimeOffset start) : TimeProvider
    {
        private DateTimeOffset _now = start;

        public override DateTimeOffset GetUtcNow() => _now;

        public void Advance(TimeSpan by) => _now += by;
    }
}
