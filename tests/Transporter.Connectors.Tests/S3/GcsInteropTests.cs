using Transporter.Connectors.S3;
using Transporter.Core.Endpoints;

namespace Transporter.Connectors.Tests.S3;

/// <summary>
/// Google's response header names mapped by the gcp dialect. No GCS server runs here, so a listener answers with the
/// headers Google documents for the XML API (x-goog-meta-*, x-goog-storage-class), with the gcp-native connector's reserved entries for Expires and tags.
/// </summary>
public sealed class GcsInteropTests
{
    [Fact]
    public async Task Stat_reads_x_goog_meta_headers_and_storage_class_AgainstCannedGcsResponse()
    {
        await using var listener = new ScriptedHttpListener(_ => ScriptedHttpListener.Response(200, "OK", "",
            "Content-Type: text/plain",
            "ETag: \"5d41402abc4b2a76b9719d911017c592\"",
            "Last-Modified: Wed, 12 Oct 2022 17:50:00 GMT",
            "x-goog-meta-Owner: finance",
            "x-goog-meta-run-id: 42",
            "x-goog-meta-transporter_tag_project: apollo",
            "x-goog-meta-transporter_expires: Thu, 01 Dec 2044 16:00:00 GMT",
            "x-goog-meta-transporter_m_transporter_note: escaped",
            "x-goog-storage-class: NEARLINE",
            "x-goog-stored-content-length: 5",
            "x-goog-hash: md5=XUFAKrxLKna5cZ2REBfFkg=="));
        using var provider = new S3StoreProvider();
        await using var objects = provider.Open(new EndpointConfig
        {
            Type = EndpointType.Gcp, AccessKey = "GOOG1EXAMPLE", SecretKey = "secret", Bucket = "b", Endpoint = listener.Url,
        });

        var stat = await objects.StatAsync("hello.txt", CancellationToken.None);

        Assert.NotNull(stat);
        Assert.Equal(new Dictionary<string, string> { ["owner"] = "finance", ["run-id"] = "42", ["transporter_note"] = "escaped" }, stat.UserMetadata);
        Assert.Equal("NEARLINE", stat.StorageClass);
        Assert.Equal("XUFAKrxLKna5cZ2REBfFkg==", stat.ContentMd5);
        Assert.Equal("Thu, 01 Dec 2044 16:00:00 GMT", stat.Expires);
        Assert.Equal(1, stat.TagCount);
        Assert.True(stat.ServerSideEncrypted); // GCS encrypts every object at rest
        // GCS objects have no tags: the gcp-native connector's reserved entries hold them.
        Assert.Equal(new Dictionary<string, string> { ["project"] = "apollo" }, await objects.GetTagsAsync("hello.txt", CancellationToken.None));
    }
}
