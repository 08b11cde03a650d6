using System.Diagnostics;
using Transporter.EndToEnd.Tests.Migrations;
using Xunit.Abstractions;

namespace Transporter.EndToEnd.Tests.Cloud;

/// <summary>
/// Built-in store → Azurite → built-in store through the API: 1,000 objects (one of 200 MiB) and blobs written by the
/// Azure SDK itself, each compared object by object on the far side — bytes, content headers, metadata and tags —
/// with clients independent of the platform (AWS SDK, Azure SDK for JavaScript).
/// </summary>
[Collection(CloudCollection.Name)]
public sealed class AzureRoundTripTests(CloudUnderTest env, ITestOutputHelper output)
{
    private const int Count = 1000;
    private const long LargeSize = 200 * CloudObjects.MiB;

    /// <summary>The platform's multipart threshold (PlatformUnderTest.Settings): larger objects go in parts.</summary>
    private const long MultipartThreshold = 8 * CloudObjects.MiB;

    [Fact]
    public async Task A_thousand_objects_go_from_the_store_to_Azurite_and_back_with_their_bytes_metadata_and_tags()
    {
        var clock = Stopwatch.StartNew();
        var origin = await Buckets.CreateAsync(env.Local, "az-origin");
        var back = await Buckets.CreateAsync(env.Local, "az-back");
        var container = CloudUnderTest.NewName("az-round-trip");
        await env.Azure.CreateContainersAsync(container);

        var objects = Enumerable.Range(0, Count).Select(i => (
            Key: CloudObjects.Key(i),
            Content: env.Files.Write(i switch
            {
                0 => LargeSize,
                < 4 => 9 * CloudObjects.MiB + i * 123_457,   // above the multipart threshold: Azure blocks
                < 20 => CloudObjects.MiB + i,
                < 100 => 8 * 1024 + i * 2000,
                _ => i % 7 == 0 ? 0 : i * 37 % 8192,
            }, i),
            Properties: i % 10 == 0 ? CloudObjects.Rich(i) : null)).ToList();
        await StoreObjects.PutManyAsync(env.Local, origin, objects);
        // Blobs the Azure SDK wrote, with a mixed-case metadata name as other tools write them.
        var native = Enumerable.Range(0, 20).Select(i => (
            Key: $"native/blob {i:D2}",
            Content: env.Files.Write(i == 0 ? 9 * CloudObjects.MiB : 100 + i * 997, 5000 + i),
            Properties: new ObjectProperties
            {
                ContentType = "application/x-native",
                CacheControl = "no-cache",
                ContentLanguage = "en",
                Metadata = new Dictionary<string, string> { ["Color"] = "blue", ["with_underscore"] = $"value {i}" },
                Tags = new Dictionary<string, string> { ["source"] = "azure sdk", ["n"] = i.ToString() },
            })).ToList();
        await env.Azure.PutAsync(native.Select(n => BlobSpec.For(container, n.Key, n.Content, n.Properties)));
        output.WriteLine($"arranged in {clock.Elapsed.TotalSeconds:0.0} s");

        // Store → Azure, into the Cool tier.
        var toAzure = await MigrationApi.CreateAsync(env.Api, new
        {
            source = Buckets.Endpoint(env.Platform, origin),
            destination = env.AzureEndpoint(container, subtype: "azure-s3-cool"),
        });
        var toAzureDone = await MigrationApi.WaitForFinishAsync(env.Api, toAzure, seconds: 240);
        output.WriteLine($"store -> Azure done at {clock.Elapsed.TotalSeconds:0.0} s");
        var totalBytes = objects.Sum(o => o.Content.Size);
        Assert.Equal((2, (long)Count, (long)Count, 0L, totalBytes),
            (toAzureDone.State(), toAzureDone.Long("filesFound"), toAzureDone.Long("filesCompleted"), toAzureDone.Long("filesFailed"), toAzureDone.Long("bytesTransmitted")));

        var blobs = await env.Azure.DescribeAsync(container, hash: true);
        Assert.Equal(objects.Select(o => o.Key).Concat(native.Select(n => n.Key)).Order(StringComparer.Ordinal), blobs.Keys.Order(StringComparer.Ordinal));
        foreach (var (i, (key, content, properties)) in objects.Index())
        {
            var blob = blobs[key];
            Assert.Equal((content.Size, content.Sha256, "Cool"), (blob.Size, blob.Sha256, blob.AccessTier));
            var expected = properties is null
                ? new ObjectProperties { ContentType = "application/octet-stream" }
                : properties with { Expires = null, Metadata = CloudObjects.RichOnAzure(i) };
            Assert.Equal(expected.ToString(), blob.Properties.ToString());
            // Put Blob stores the MD5 it verified; a block list gets the source's MD5 (a single-part S3 ETag) as its Content-MD5.
            Assert.Equal(content.Md5, blob.ContentMd5);
        }
        var toAzureRows = await ReportRows.ReadAsync(env.Platform, toAzure);
        Assert.Equal(Count, toAzureRows.Count);
        foreach (var (key, content, properties) in objects)
        {
            var row = toAzureRows[key];
            Assert.True(row.Succeeded, key);
            Assert.Equal(content.Size, row.BytesCopied);
            // ETags are reported without the quotes of their HTTP form.
            Assert.Equal(blobs[key].Etag.Trim('"'), row.DestinationETag);
            // The origin's objects were each written in one PUT, so their ETags are their MD5s.
            Assert.Equal(content.Md5Hex, row.SourceETag);
            Assert.Equal(properties is not null, row.TagsCopied && row.UserMetadataCopied);
        }

        // Azure → store: every blob, the store's objects and the Azure SDK's.
        var toStore = await MigrationApi.CreateAsync(env.Api, new
        {
            source = env.AzureEndpoint(container),
            destination = Buckets.Endpoint(env.Platform, back),
        });
        var toStoreDone = await MigrationApi.WaitForFinishAsync(env.Api, toStore, seconds: 240);
        output.WriteLine($"Azure -> store done at {clock.Elapsed.TotalSeconds:0.0} s");
        Assert.Equal((2, Count + 20L, Count + 20L, 0L, totalBytes + native.Sum(n => n.Content.Size)),
            (toStoreDone.State(), toStoreDone.Long("filesFound"), toStoreDone.Long("filesCompleted"), toStoreDone.Long("filesFailed"), toStoreDone.Long("bytesTransmitted")));

        var returned = (await Buckets.ListAsync(env.Local, back)).ToDictionary(o => o.Key, StringComparer.Ordinal);
        Assert.Equal(blobs.Keys.Order(StringComparer.Ordinal), returned.Keys.Order(StringComparer.Ordinal));
        var hashes = await StoreObjects.Sha256AllAsync(env.Local, back, returned.Keys);
        await Parallel.ForEachAsync(objects, new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (o, _) =>
        {
            Assert.Equal(o.Content.Sha256, hashes[o.Key]);
            Assert.Equal((await StoreObjects.DescribeAsync(env.Local, origin, o.Key)).ToString(), (await StoreObjects.DescribeAsync(env.Local, back, o.Key)).ToString());
        });
        foreach (var (key, content, properties) in native)
        {
            Assert.Equal(content.Sha256, hashes[key]);
            if (content.Size <= MultipartThreshold) Assert.Equal(content.Md5Hex, returned[key].ETag.Trim('"'));
            var lowerCased = properties with { Metadata = properties.Metadata.ToDictionary(m => m.Key.ToLowerInvariant(), m => m.Value) };
            Assert.Equal(lowerCased.ToString(), (await StoreObjects.DescribeAsync(env.Local, back, key)).ToString());
        }
        // One object in full, so the expected form is visible here and not only derived.
        Assert.Equal(
            "type=text/x-transporter; charset=utf-8; cache=max-age=60; disposition=attachment; filename=\"object 10.txt\"; encoding=gzip; " +
            "language=it-IT; expires=Fri, 01 Jan 2038 00:00:00 GMT; metadata: content-id=<10@transporter.test>, note=" +
            CloudObjects.Rfc2047("caffè ☕ 10") + ", origin=object 10; tags: index=10, path=a/b:c=d+e-f.g_h, project=e2e",
            (await StoreObjects.DescribeAsync(env.Local, back, objects[10].Key)).ToString());

        var toStoreRows = await ReportRows.ReadAsync(env.Platform, toStore);
        Assert.Equal(Count + 20, toStoreRows.Count);
        foreach (var (key, row) in toStoreRows)
        {
            Assert.True(row.Succeeded, key);
            Assert.Equal(blobs[key].Etag.Trim('"'), row.SourceETag);
            Assert.Equal(returned[key].ETag.Trim('"'), row.DestinationETag);
            // The store's ETag of a single-part object is its MD5: the bytes that arrived are the bytes that left.
            if (blobs[key].Size <= MultipartThreshold) Assert.Equal(blobs[key].Md5, Convert.ToBase64String(Convert.FromHexString(row.DestinationETag)));
        }
        output.WriteLine($"checked at {clock.Elapsed.TotalSeconds:0.0} s");
    }
}
