using System.Security.Cryptography;
using Transporter.Connectors.S3;
using Transporter.Core.Endpoints;
using Transporter.Core.Storage;

namespace Transporter.Connectors.Tests.S3;

/// <summary>
/// What goes on the wire for a write's destination options, per dialect. The built-in store does not implement
/// SSE-S3 or storage classes other than STANDARD, so a listener records the requests instead.
/// </summary>
public sealed class S3WriteHeadersTests
{
    private static readonly byte[] Content = [1, 2, 3];

    private static ScriptedHttpListener AcceptingListener() => new(_ => ScriptedHttpListener.Response(200, "OK", "",
        $"ETag: \"{Convert.ToHexStringLower(MD5.HashData(Content))}\"", "x-amz-server-side-encryption: AES256"), bodyBytesFirst: Content.Length);

    private static ObjectWriteRequest Request(string subtype) => new()
    {
        Key = "k",
        Size = Content.Length,
        StorageClass = subtype,
        ServerSideEncryption = true,
        Tags = new Dictionary<string, string> { ["team"] = "data eng" },
    };

    [Fact]
    public async Task S3_writes_send_SSE_S3_the_storage_class_and_the_tags_AgainstScriptedListener()
    {
        await using var listener = AcceptingListener();
        using var provider = new S3StoreProvider();
        await using var objects = provider.Open(new EndpointConfig
        {
            Type = EndpointType.Aws, AccessKey = "AK", SecretKey = "SK", Bucket = "b", Endpoint = listener.Url,
        });

        var result = await objects.WriteAsync(Request("aws-s3-standard-infrequent-access"), new MemoryStream(Content), CancellationToken.None);

        var head = Assert.Single(listener.RequestHeads);
        Assert.StartsWith("PUT /b/k ", head);
        Assert.Contains("x-amz-server-side-encryption: AES256\r\n", head, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("x-amz-storage-class: STANDARD_IA\r\n", head, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("x-amz-tagging: team=data%20eng\r\n", head, StringComparison.OrdinalIgnoreCase);
        Assert.True(result.ServerSideEncrypted);
    }

    [Fact]
    public async Task Gcs_writes_send_the_Google_storage_class_and_keep_tags_and_Expires_as_metadata_entries_AgainstScriptedListener()
    {
        await using var listener = AcceptingListener();
        using var provider = new S3StoreProvider();
        await using var objects = provider.Open(new EndpointConfig
        {
            Type = EndpointType.Gcp, AccessKey = "GOOG1", SecretKey = "SK", Bucket = "b", Endpoint = listener.Url,
        });

        await objects.WriteAsync(Request("gcp-s3-nearline") with
        {
            Expires = "Thu, 01 Dec 2044 16:00:00 GMT",
            UserMetadata = new Dictionary<string, string> { ["transporter_note"] = "mine", ["city"] = "Zürich" },
        }, new MemoryStream(Content), CancellationToken.None);

        var head = Assert.Single(listener.RequestHeads);
        Assert.Contains("x-amz-storage-class: NEARLINE\r\n", head, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("x-amz-meta-transporter_tag_team: data eng\r\n", head, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("x-amz-meta-transporter_expires: Thu, 01 Dec 2044 16:00:00 GMT\r\n", head, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("x-amz-meta-transporter_m_transporter_note: mine\r\n", head, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("x-amz-meta-city: =?UTF-8?B?WsO8cmljaA==?=\r\n", head, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("x-amz-server-side-encryption", head, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("x-amz-tagging", head, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("\r\nExpires:", head, StringComparison.OrdinalIgnoreCase);
    }
}
