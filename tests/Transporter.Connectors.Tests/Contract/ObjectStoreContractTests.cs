using System.Security.Cryptography;
using Transporter.Connectors.Tests.Streams;
using Transporter.Core.Endpoints;
using Transporter.Core.Storage;

namespace Transporter.Connectors.Tests.Contract;

/// <summary>
/// What every <see cref="IObjectStore"/> must do, run against each provider's real (or, where none can run here,
/// faked) service, as rclone's fstests are. A provider's test class says how to make a bucket and a provider;
/// the store is always opened from an <see cref="EndpointConfig"/>, as the copy engine opens it.
/// Optional capabilities (multipart, server-side copy, tags, storage classes) are tested when advertised.
/// </summary>
public abstract partial class ObjectStoreContractTests : IAsyncLifetime
{
    /// <summary>Small enough that the listings below span several pages.</summary>
    protected const int ListPageSize = 3;

    /// <summary>The provider under test, listing <paramref name="listPageSize"/> keys per request.</summary>
    protected abstract IObjectStoreProvider CreateProvider(int listPageSize);

    /// <summary>Creates an empty bucket named <paramref name="name"/> and returns an endpoint that reaches it.</summary>
    protected abstract Task<EndpointConfig> CreateBucketAsync(string name);

    /// <summary>The same endpoint with credentials the service refuses.</summary>
    protected abstract EndpointConfig WithWrongCredentials(EndpointConfig endpoint);

    /// <summary>A destination subtype this provider maps, and the storage class stat then reports; null to skip.</summary>
    protected virtual (string Subtype, string StorageClass)? StorageClassSample => null;

    /// <summary>False when the service resolves "." and ".." key segments (Azure): such keys must then be refused.</summary>
    protected virtual bool KeepsDotSegmentKeys => true;

    /// <summary>True when tags written come back from <see cref="IObjectStore.GetTagsAsync"/>.</summary>
    protected virtual bool KeepsTags => Store.Capabilities.Tags;

    protected IObjectStoreProvider Provider { get; private set; } = null!;
    protected EndpointConfig Endpoint { get; private set; } = null!;
    protected IObjectStore Store { get; private set; } = null!;

    protected static string UniqueBucketName(string purpose) => $"{purpose}-{Guid.NewGuid():N}"[..Math.Min(purpose.Length + 1 + 20, 63)];

    public async Task InitializeAsync()
    {
        Provider = CreateProvider(ListPageSize);
        Endpoint = await CreateBucketAsync(UniqueBucketName("contract"));
        Store = Provider.Open(Endpoint);
    }

    public async Task DisposeAsync()
    {
        await Store.DisposeAsync();
        (Provider as IDisposable)?.Dispose();
    }

    protected static CancellationToken Ct => CancellationToken.None;

    protected static byte[] RandomBytes(int length) => RandomNumberGenerator.GetBytes(length);

    protected static string Md5Of(byte[] bytes) => Convert.ToBase64String(MD5.HashData(bytes));

    protected async Task<ObjectWriteResult> PutAsync(string key, byte[] content, Func<ObjectWriteRequest, ObjectWriteRequest>? customize = null, IObjectStore? store = null)
    {
        var request = new ObjectWriteRequest { Key = key, Size = content.Length };
        if (customize is not null) request = customize(request);
        return await (store ?? Store).WriteAsync(request, NonSeekableStream.Of(content), Ct);
    }

    protected static async Task<byte[]> ReadAllAsync(IObjectStore store, string key, ByteRange? range = null)
    {
        await using var download = await store.OpenReadAsync(key, range, Ct);
        using var buffer = new MemoryStream();
        await download.Content.CopyToAsync(buffer);
        Assert.Equal(download.ContentLength, buffer.Length);
        return buffer.ToArray();
    }

    protected static async Task<List<ObjectSummary>> ListAllAsync(IObjectStore store, string prefix = "", string? startAfter = null)
    {
        var list = new List<ObjectSummary>();
        await foreach (var item in store.ListAsync(prefix, startAfter, Ct)) list.Add(item);
        return list;
    }

    /// <summary>Every metadata field the port carries, with values that need care (quotes, ';', hyphenated names).</summary>
    protected static ObjectWriteRequest WithAllMetadata(ObjectWriteRequest request, byte[] content) => request with
    {
        ContentType = "text/plain; charset=utf-8",
        CacheControl = "max-age=3600, must-revalidate",
        ContentDisposition = "attachment; filename=\"report 1.txt\"",
        ContentEncoding = "identity",
        ContentLanguage = "en-GB",
        Expires = "Thu, 01 Dec 2044 16:00:00 GMT",
        UserMetadata = new Dictionary<string, string>
        {
            ["color"] = "blue",
            ["content-id"] = "x-17",
            ["with_underscore"] = "v 2",
            ["dotted.name"] = "a=b;c",
        },
        Tags = new Dictionary<string, string> { ["project"] = "transporter", ["team"] = "data-eng" },
        ContentMd5 = Md5Of(content),
    };
}
