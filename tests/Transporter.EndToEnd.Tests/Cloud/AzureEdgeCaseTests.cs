using Transporter.EndToEnd.Tests.Migrations;

namespace Transporter.EndToEnd.Tests.Cloud;

/// <summary>Names and tags at the edges of what Azure takes, and copies inside one Azure account (Copy Blob).</summary>
[Collection(CloudCollection.Name)]
public sealed class AzureEdgeCaseTests(CloudUnderTest env)
{
    /// <summary>Keys that must be escaped segment by segment in a blob URL. (Not dot segments such as "a/../b": Azure's
    /// naming rules exclude them and its SDKs cannot address them.)</summary>
    private static readonly string[] OddKeys =
    [
        "odd/100% done?.txt", "odd/hash#tag&more=1", "odd/ leading space", "odd/trailing space ",
        "odd/emoji 😀 and 中文", "odd/semi;colon,comma'quote\"", "odd//double slash",
    ];

    [Fact]
    public async Task Odd_keys_arrive_and_a_tag_Azure_cannot_hold_fails_only_its_object()
    {
        var source = await Buckets.CreateAsync(env.Local, "az-odd-src");
        var container = CloudUnderTest.NewName("az-odd");
        await env.Azure.CreateContainersAsync(container);
        var objects = OddKeys.Select((key, i) => (Key: key, Content: env.Files.Write(100 + i, 900 + i), Properties: (ObjectProperties?)CloudObjects.Rich(i))).ToList();
        var refused = new ObjectProperties { Tags = new Dictionary<string, string> { ["owner"] = "me@example.com" } };
        await StoreObjects.PutManyAsync(env.Local, source, objects.Append(("odd/refused tag", env.Files.Write(10, 1), refused)));

        var id = await MigrationApi.CreateAsync(env.Api, new { source = Buckets.Endpoint(env.Platform, source), destination = env.AzureEndpoint(container) });
        var done = await MigrationApi.WaitForFinishAsync(env.Api, id);

        Assert.Equal((7, OddKeys.Length + 1L, (long)OddKeys.Length, 1L),
            (done.State(), done.Long("filesFound"), done.Long("filesCompleted"), done.Long("filesFailed")));
        var error = Assert.Single(done.GetProperty("errors").EnumerateArray()).GetString()!;
        Assert.Contains("'odd/refused tag'", error);
        Assert.Contains("InvalidTag", error);
        var blobs = await env.Azure.DescribeAsync(container, hash: true);
        // Refused before anything was sent: no blob without its tags.
        Assert.Equal(OddKeys.Order(StringComparer.Ordinal), blobs.Keys.Order(StringComparer.Ordinal));
        foreach (var (i, (key, content, _)) in objects.Index())
        {
            Assert.Equal(content.Sha256, blobs[key].Sha256);
            Assert.Equal(CloudObjects.RichOnAzure(i).OrderBy(m => m.Key), blobs[key].Metadata.OrderBy(m => m.Key));
        }
    }

    [Fact]
    public async Task A_migration_between_containers_of_one_account_copies_inside_Azure_with_every_property()
    {
        var source = CloudUnderTest.NewName("az-copy-src");
        var destination = CloudUnderTest.NewName("az-copy-dst");
        await env.Azure.CreateContainersAsync(source, destination);
        var blobs = Enumerable.Range(0, 30).Select(i => (
            Name: i < OddKeys.Length ? OddKeys[i] : $"copy/blob {i:D2}",
            Content: env.Files.Write(i == 0 ? 40 * CloudObjects.MiB : 1000 + i * 311, 4000 + i),
            Properties: i % 2 == 0
                ? new ObjectProperties
                {
                    ContentType = "text/csv", CacheControl = "max-age=5", ContentDisposition = "inline", ContentEncoding = "identity", ContentLanguage = "de",
                    Metadata = new Dictionary<string, string> { ["origin"] = $"blob {i}", ["transporter_m_content_2did"] = $"<{i}>" },
                    Tags = new Dictionary<string, string> { ["n"] = i.ToString() },
                }
                : null)).ToList();
        await env.Azure.PutAsync(blobs.Select(b => BlobSpec.For(source, b.Name, b.Content, b.Properties)));
        var original = await env.Azure.DescribeAsync(source);

        var id = await MigrationApi.CreateAsync(env.Api, new { source = env.AzureEndpoint(source), destination = env.AzureEndpoint(destination, subtype: "azure-s3-hot") });
        var done = await MigrationApi.WaitForFinishAsync(env.Api, id);

        Assert.Equal((2, 30L, 30L, 0L), (done.State(), done.Long("filesFound"), done.Long("filesCompleted"), done.Long("filesFailed")));
        var copied = await env.Azure.DescribeAsync(destination, hash: true);
        Assert.Equal(original.Keys.Order(StringComparer.Ordinal), copied.Keys.Order(StringComparer.Ordinal));
        foreach (var (name, content, _) in blobs)
        {
            Assert.Equal(content.Sha256, copied[name].Sha256);
            Assert.Equal(original[name].Properties.ToString(), copied[name].Properties.ToString());
            Assert.Equal((original[name].ContentMd5, "Hot"), (copied[name].ContentMd5, copied[name].AccessTier));
        }
    }
}
