using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using Transporter.Store.Engine;
using Transporter.Store.Engine.Lifecycle;
using Transporter.Store.Engine.Model;
using Transporter.Testing;

namespace Transporter.Store.Tests.Engine;

/// <summary>Lifecycle rules applied by the sweep on a clock the test moves: expiration by days (to the next midnight)
/// and date, filters, versioned buckets, noncurrent versions, lone delete markers, locks, incomplete uploads.</summary>
public class LifecycleTests
{
    private const string Owner = "root1";
    private static readonly DateTimeOffset Start = new(2030, 3, 10, 15, 30, 0, TimeSpan.Zero);

    private sealed class Store(StorageEngine engine, FixedClock clock, string directory) : IAsyncDisposable
    {
        public StorageEngine Engine { get; } = engine;
        public FixedClock Clock { get; } = clock;

        public Task<WriteResult> PutAsync(string bucket, string key, string content, TagSet? tags = null) =>
            Engine.PutObjectAsync(Owner, bucket, key, new MemoryStream(Encoding.UTF8.GetBytes(content)), content.Length,
                new ObjectWrite { Tags = tags ?? TagSet.Empty }, WriteIntegrity.None, default);

        public Task ConfigureAsync(string bucket, string rules) =>
            Engine.PutBucketLifecycleAsync(Owner, bucket, Encoding.UTF8.GetBytes($"<LifecycleConfiguration>{rules}</LifecycleConfiguration>"), default);

        public List<string> Keys(string bucket) => Engine.ListObjects(Owner, bucket, new ListObjectsQuery("", null, null, 1000)).Objects.Select(o => o.Key).ToList();

        public ValueTask DisposeAsync()
        {
            Engine.Dispose();
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            try { Directory.Delete(directory, true); } catch (IOException) { }
            return ValueTask.CompletedTask;
        }
    }

    private static async Task<Store> OpenAsync()
    {
        var directory = RepoPaths.NewTempDir("lifecycle");
        var clock = new FixedClock(Start);
        var engine = await StorageEngine.OpenAsync(directory, NullLogger.Instance, new StorageEngineOptions { Clock = clock });
        return new Store(engine, clock, directory);
    }

    [Fact]
    public async Task Current_versions_expire_at_the_midnight_after_their_days_and_only_where_the_filter_matches()
    {
        await using var store = await OpenAsync();
        await store.Engine.CreateBucketAsync(Owner, "logs", default);
        await store.PutAsync("logs", "tmp/a.log", "a");
        await store.PutAsync("logs", "tmp/big.log", new string('x', 5000));
        await store.PutAsync("logs", "tmp/keep.log", "k", new TagSet([new("keep", "yes")]));
        await store.PutAsync("logs", "docs/readme", "r");
        await store.ConfigureAsync("logs", """
            <Rule><ID>tmp</ID><Filter><And><Prefix>tmp/</Prefix><ObjectSizeLessThan>1000</ObjectSizeLessThan></And></Filter><Status>Enabled</Status><Expiration><Days>2</Days></Expiration></Rule>
            <Rule><ID>off</ID><Filter><Prefix>docs/</Prefix></Filter><Status>Disabled</Status><Expiration><Days>1</Days></Expiration></Rule>
            <Rule><ID>kept</ID><Filter><Tag><Key>keep</Key><Value>no</Value></Tag></Filter><Status>Enabled</Status><Expiration><Days>1</Days></Expiration></Rule>
            """);
        var head = store.Engine.HeadObject(Owner, "logs", "tmp/a.log");
        Assert.Equal((new DateTimeOffset(2030, 3, 13, 0, 0, 0, TimeSpan.Zero), "tmp"), store.Engine.ExpirationOf(head)!.Value);

        store.Clock.Now = new DateTimeOffset(2030, 3, 12, 23, 59, 59, TimeSpan.Zero);
        Assert.Equal(0, (await store.Engine.ApplyLifecycleAsync(default)).Total);
        store.Clock.Now = new DateTimeOffset(2030, 3, 13, 0, 0, 0, TimeSpan.Zero);
        var result = await store.Engine.ApplyLifecycleAsync(default);
        Assert.Equal(2, result.Expired);
        Assert.Equal(["docs/readme", "tmp/big.log"], store.Keys("logs"));
    }

    [Fact]
    public async Task Versioned_buckets_get_delete_markers_lose_old_versions_and_lone_markers_but_never_locked_ones()
    {
        await using var store = await OpenAsync();
        await store.Engine.CreateBucketAsync(Owner, "vers", default, objectLock: true);
        var v1 = (await store.PutAsync("vers", "doc", "one")).VersionId!;
        store.Clock.Now = Start.AddDays(1);
        var v2 = (await store.PutAsync("vers", "doc", "two")).VersionId!;
        store.Clock.Now = Start.AddDays(2);
        await store.PutAsync("vers", "doc", "three");
        await store.Engine.PutObjectLegalHoldAsync(Owner, "vers", "doc", v1, true, default);
        await store.ConfigureAsync("vers", """
            <Rule><ID>old</ID><Filter/><Status>Enabled</Status><NoncurrentVersionExpiration><NoncurrentDays>3</NoncurrentDays></NoncurrentVersionExpiration>
              <Expiration><Days>30</Days></Expiration></Rule>
            <Rule><ID>markers</ID><Filter/><Status>Enabled</Status><Expiration><ExpiredObjectDeleteMarker>true</ExpiredObjectDeleteMarker></Expiration></Rule>
            """);

        // v1 became noncurrent on day 1, v2 on day 2 (15:30): three days later, at the next midnight, each is due; by
        // day 6 both are, but v1 is on legal hold.
        store.Clock.Now = Start.AddDays(6);
        Assert.Equal(1, (await store.Engine.ApplyLifecycleAsync(default)).NoncurrentRemoved);
        var versions = store.Engine.ListObjectVersions(Owner, "vers", new ListVersionsQuery("", null, null, null, 100)).Versions;
        Assert.DoesNotContain(versions, v => v.VersionId == v2);
        Assert.Contains(versions, v => v.VersionId == v1);

        // After 30 days the current version expires behind a delete marker; once v1 is released and removed, the
        // marker is all that is left and goes too.
        store.Clock.Now = Start.AddDays(40);
        var expired = await store.Engine.ApplyLifecycleAsync(default);
        Assert.Equal(1, expired.Expired);
        Assert.Empty(store.Keys("vers"));
        await store.Engine.PutObjectLegalHoldAsync(Owner, "vers", "doc", v1, false, default);
        store.Clock.Now = Start.AddDays(80);
        var cleaned = await store.Engine.ApplyLifecycleAsync(default);
        Assert.Equal(2, cleaned.NoncurrentRemoved);
        Assert.Equal(1, cleaned.DeleteMarkersRemoved);
        Assert.Empty(store.Engine.ListObjectVersions(Owner, "vers", new ListVersionsQuery("", null, null, null, 100)).Versions);
        await store.Engine.DeleteBucketAsync(Owner, "vers", default);
    }

    [Fact]
    public async Task Incomplete_uploads_are_aborted_after_their_days_and_dates_expire_everything_matching()
    {
        await using var store = await OpenAsync();
        await store.Engine.CreateBucketAsync(Owner, "uploads-b", default);
        await store.Engine.CreateMultipartUploadAsync(Owner, "uploads-b", "big/file", new ObjectWrite(), "u", null, default, default);
        await store.PutAsync("uploads-b", "x", "x");
        await store.ConfigureAsync("uploads-b", """
            <Rule><Prefix>big/</Prefix><Status>Enabled</Status><AbortIncompleteMultipartUpload><DaysAfterInitiation>1</DaysAfterInitiation></AbortIncompleteMultipartUpload></Rule>
            <Rule><ID>date</ID><Filter/><Status>Enabled</Status><Expiration><Date>2030-06-01T00:00:00Z</Date></Expiration></Rule>
            """);
        store.Clock.Now = Start.AddDays(2);
        Assert.Equal(new LifecycleSweepResult { UploadsAborted = 1 }, await store.Engine.ApplyLifecycleAsync(default));
        store.Clock.Now = new DateTimeOffset(2030, 6, 1, 0, 0, 0, TimeSpan.Zero);
        Assert.Equal(new LifecycleSweepResult { Expired = 1 }, await store.Engine.ApplyLifecycleAsync(default));
        Assert.Contains("<Prefix>big/</Prefix>", store.Engine.GetBucketLifecycle(Owner, "uploads-b"));
    }

    [Theory]
    [InlineData("<Rule><Status>Enabled</Status><Filter/></Rule>", StoreErrorCode.InvalidRequest)]
    [InlineData("<Rule><Status>On</Status><Filter/><Expiration><Days>1</Days></Expiration></Rule>", StoreErrorCode.MalformedXML)]
    [InlineData("<Rule><Status>Enabled</Status><Filter/><Expiration><Days>0</Days></Expiration></Rule>", StoreErrorCode.InvalidArgument)]
    [InlineData("<Rule><Status>Enabled</Status><Filter/><Expiration><Days>1</Days><Date>2030-01-01T00:00:00Z</Date></Expiration></Rule>", StoreErrorCode.MalformedXML)]
    [InlineData("<Rule><Status>Enabled</Status><Filter/><Expiration><Date>2030-01-01T10:00:00Z</Date></Expiration></Rule>", StoreErrorCode.InvalidArgument)]
    [InlineData("<Rule><ID>a</ID><Status>Enabled</Status><Filter/><Expiration><Days>1</Days></Expiration></Rule><Rule><ID>a</ID><Status>Enabled</Status><Filter/><Expiration><Days>2</Days></Expiration></Rule>", StoreErrorCode.InvalidArgument)]
    [InlineData("<Rule><Status>Enabled</Status><Filter/><Transition><Days>1</Days><StorageClass>GLACIER</StorageClass></Transition></Rule>", StoreErrorCode.InvalidStorageClass)]
    [InlineData("<Rule><Status>Enabled</Status><Filter><Tag><Key>k</Key><Value>v</Value></Tag></Filter><AbortIncompleteMultipartUpload><DaysAfterInitiation>1</DaysAfterInitiation></AbortIncompleteMultipartUpload></Rule>", StoreErrorCode.InvalidRequest)]
    [InlineData("<Rule><Status>Enabled</Status><Prefix>a</Prefix><Filter/><Expiration><Days>1</Days></Expiration></Rule>", StoreErrorCode.MalformedXML)]
    [InlineData("<Rule><Status>Enabled</Status><Filter><Prefix>a</Prefix><Tag><Key>k</Key><Value>v</Value></Tag></Filter><Expiration><Days>1</Days></Expiration></Rule>", StoreErrorCode.MalformedXML)]
    [InlineData("<Rule><Status>Enabled</Status><Filter><And><ObjectSizeGreaterThan>10</ObjectSizeGreaterThan><ObjectSizeLessThan>5</ObjectSizeLessThan></And></Filter><Expiration><Days>1</Days></Expiration></Rule>", StoreErrorCode.InvalidArgument)]
    [InlineData("<Rule><Status>Enabled</Status><Filter/><NoncurrentVersionExpiration><NoncurrentDays>1</NoncurrentDays><NewerNoncurrentVersions>101</NewerNoncurrentVersions></NoncurrentVersionExpiration></Rule>", StoreErrorCode.InvalidArgument)]
    [InlineData("", StoreErrorCode.MalformedXML)]
    public void Configurations_s3_refuses_are_refused(string rules, StoreErrorCode code) =>
        Assert.Equal(code, Assert.Throws<StoreException>(() =>
            LifecycleConfiguration.Parse(Encoding.UTF8.GetBytes($"<LifecycleConfiguration>{rules}</LifecycleConfiguration>"))).Code);
}
