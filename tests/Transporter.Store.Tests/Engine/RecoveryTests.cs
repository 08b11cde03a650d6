namespace Transporter.Store.Tests.Engine;

public class RecoveryTests
{
    [Fact]
    public async Task Start_up_removes_temporary_files_and_unreferenced_data_files_and_keeps_the_rest()
    {
        await using var store = await TempEngine.StartAsync(options: TempEngine.FilesOnly);
        await store.PutAsync("kept", "data");
        var keptFile = Assert.Single(store.BlobFiles());
        // What a crash leaves: a half-written temp file, a data file moved into place but never committed.
        File.WriteAllText(Path.Combine(store.Directory, "tmp", "0123.tmp"), "partial");
        var orphan = Path.Combine(store.Directory, "blobs", "ab", "ab" + new string('0', 30));
        File.WriteAllText(orphan, "never committed");
        File.SetLastWriteTimeUtc(orphan, DateTime.UtcNow.AddMinutes(-1));

        await store.ReopenAsync();
        await store.Engine.StartupSweep;

        Assert.Equal([keptFile], store.Files().Where(f => !f.StartsWith("meta.db")));
        Assert.Equal("data", await store.ReadTextAsync("kept"));
        Assert.Equal(["bucket1"], store.Engine.ListBuckets(TempEngine.Owner).Select(b => b.Name));
        Assert.Equal(4, store.Engine.GetBucketUsage(TempEngine.Owner, TempEngine.Bucket).Bytes);
    }
}
