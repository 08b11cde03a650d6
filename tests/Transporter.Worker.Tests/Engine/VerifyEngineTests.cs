using Transporter.Core.Migrations;
using Transporter.Core.Storage;
using Transporter.Testing;

namespace Transporter.Worker.Tests.Engine;

/// <summary>Verify-only runs over real SQLite and Azurite: every key of either side gets a report row with its verdict,
/// nothing is written at the destination, and a run with differences ends CompletedWithErrors.</summary>
[Collection(EngineCollection.Name)]
public sealed class VerifyEngineTests(EngineFixture fixture) : IAsyncLifetime
{
    private EngineHost _engine = null!;

    public async Task InitializeAsync() => _engine = await EngineHost.StartAsync(RepoPaths.NewTempDir("verify"));

    public async Task DisposeAsync() => await _engine.DisposeAsync();

    [Theory]
    [InlineData(false, "match", 2L)]
    [InlineData(true, "differs", 1L)]
    public async Task Matched_missing_differing_and_extra_objects_are_reported_and_nothing_is_copied(bool deep, string sameSizeOtherBytes, long matches)
    {
        var (source, sourceEndpoint) = await fixture.NewContainerAsync();
        var (destination, destinationEndpoint) = await fixture.NewContainerAsync();
        await EngineFixture.PutAsync(source, ["a-same", "b-same-size-other-bytes", "c-missing", "d-other-size"]);
        await EngineFixture.PutAsync(destination, ["a-same"]);
        await Put(destination, "b-same-size-other-bytes", new string('x', 64));
        await Put(destination, "d-other-size", "short");
        await EngineFixture.PutAsync(destination, ["e-extra"]);
        var before = await EngineFixture.ListAsync(destination);

        var migration = EngineFixture.NewMigration(sourceEndpoint, destinationEndpoint, kind: MigrationKind.Verify) with { Deep = deep };
        var run = (await _engine.Launcher.CreateAsync(migration, new(sourceEndpoint, destinationEndpoint), CancellationToken.None))!;
        var done = await _engine.WaitForFinishAsync(run.Id);

        Assert.Equal(MigrationState.CompletedWithErrors, done.State);
        Assert.Equal((5L, matches, 5L - matches, 0L), (done.FilesFound, done.FilesCompleted, done.FilesFailed, done.BytesTransmitted));
        var verdicts = (await _engine.Reports.GetReportsAsync(run.Id, null, 100)).ToDictionary(r => r.ObjectKey, r => r.VerifyResult);
        Assert.Equal(new Dictionary<string, string?>
        {
            ["a-same"] = "match", ["b-same-size-other-bytes"] = sameSizeOtherBytes, ["c-missing"] = "missing",
            ["d-other-size"] = "differs", ["e-extra"] = "extra",
        }, verdicts);
        Assert.Contains("verify: object 'c-missing' is missing at the destination", await _engine.Runs.GetErrorsAsync(run.Id));
        // Nothing was written at the destination, not even a preflight probe.
        Assert.Equal(before.Select(o => (o.Key, o.ETag)), (await EngineFixture.ListAsync(destination)).Select(o => (o.Key, o.ETag)));
    }

    [Fact]
    public async Task Identical_buckets_verify_Completed_and_a_retry_looks_the_differences_up_again()
    {
        var (source, sourceEndpoint) = await fixture.NewContainerAsync();
        var (destination, destinationEndpoint) = await fixture.NewContainerAsync();
        var keys = Enumerable.Range(0, 150).Select(i => $"obj-{i:D3}").ToArray();
        await EngineFixture.PutAsync(source, keys);
        await EngineFixture.PutAsync(destination, keys[..149]);
        var migration = EngineFixture.NewMigration(sourceEndpoint, destinationEndpoint, kind: MigrationKind.Verify);
        var run = (await _engine.Launcher.CreateAsync(migration, new(sourceEndpoint, destinationEndpoint), CancellationToken.None))!;
        var first = await _engine.WaitForFinishAsync(run.Id);
        Assert.Equal((MigrationState.CompletedWithErrors, 149L, 1L), (first.State, first.FilesCompleted, first.FilesFailed));

        // The missing object arrives; a retry verifies the differing keys again, looking both ends up.
        await EngineFixture.PutAsync(destination, [keys[149]]);
        Assert.True(await _engine.Commands.RetryAsync(migration.Id, first, CancellationToken.None));
        var done = await _engine.WaitForFinishAsync(run.Id);

        Assert.Equal((MigrationState.Completed, 150L, 150L, 0L), (done.State, done.FilesFound, done.FilesCompleted, done.FilesFailed));
        Assert.Equal("match", (await _engine.Reports.GetReportsAsync(run.Id, "obj-148", 10)).Single().VerifyResult);
    }

    private static Task Put(IObjectStore store, string key, string content)
    {
        var bytes = System.Text.Encoding.UTF8.GetBytes(content);
        return store.WriteAsync(new ObjectWriteRequest { Key = key, Size = bytes.Length }, new MemoryStream(bytes), CancellationToken.None);
    }
}
