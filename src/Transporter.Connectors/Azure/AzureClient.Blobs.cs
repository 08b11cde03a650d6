using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Xml.Linq;
using Transporter.Core.Storage;

namespace Transporter.Connectors.Azure;

internal sealed partial class AzureClient
{
    private const string MetaPrefix = "x-ms-meta-";

    /// <summary>Base64 MD5 to send as the body's Content-MD5 (set on the content once it is attached).</summary>
    private static readonly HttpRequestOptionsKey<string> TransactionalMd5 = new("Transporter.ContentMd5");

    /// <summary>Get Blob Properties; null when the blob does not exist (a missing container still throws).</summary>
    public async Task<BlobProperties?> GetPropertiesAsync(string container, string blob, CancellationToken ct)
    {
        using var response = await SendAsync(() => Request(HttpMethod.Head, BlobUrl(container, blob)), ct,
            accept: r => r.StatusCode == HttpStatusCode.NotFound && ErrorCode(r) != "ContainerNotFound");
        return response.StatusCode == HttpStatusCode.NotFound ? null : ReadProperties(response);
    }

    /// <summary>Get Blob, streaming, of the whole blob or an x-ms-range of it; with <paramref name="ifMatch"/>, only
    /// while the blob still has that ETag.</summary>
    public async Task<(BlobProperties Properties, Stream Content, long Length)> DownloadAsync(
        string container, string blob, ByteRange? range, string? ifMatch, CancellationToken ct)
    {
        var response = await SendAsync(() =>
        {
            var request = Request(HttpMethod.Get, BlobUrl(container, blob));
            if (range is { } r) request.Headers.TryAddWithoutValidation("x-ms-range", r.ToString());
            if (ifMatch is not null) request.Headers.TryAddWithoutValidation("If-Match", $"\"{ifMatch}\"");
            return request;
        }, ct, completion: HttpCompletionOption.ResponseHeadersRead);
        try
        {
            var properties = ReadProperties(response);
            // A ranged answer's Content-MD5 would be the range's; the blob's own is in x-ms-blob-content-md5.
            if (range is not null)
                properties = properties with { Headers = properties.Headers with { ContentMd5 = Header(response, "x-ms-blob-content-md5") } };
            var length = response.Content.Headers.ContentLength ?? -1;
            var body = await response.Content.ReadAsStreamAsync(ct);
            return (properties, new ResponseStream(response, body), length);
        }
        catch
        {
            response.Dispose();
            throw;
        }
    }

    /// <summary>Put Blob (block blob) from exactly <see cref="UploadContent.Length"/> bytes.</summary>
    public async Task<BlobWriteResponse> UploadAsync(string container, string blob, UploadContent content, BlobWriteOptions options, CancellationToken ct)
    {
        using var response = await SendAsync(() =>
        {
            var request = Request(HttpMethod.Put, BlobUrl(container, blob));
            request.Headers.TryAddWithoutValidation("x-ms-blob-type", "BlockBlob");
            // A known MD5 goes as the transactional Content-MD5, which Azure verifies (and then stores);
            // x-ms-blob-content-md5 would only be stored. Without one Azure computes and stores its own.
            AddWriteOptions(request, options with { Headers = options.Headers with { ContentMd5 = null } });
            if (options.Headers.ContentMd5 is { } md5) request.Options.Set(TransactionalMd5, md5);
            return request;
        }, ct, body: content);
        return WriteResponse(response);
    }

    /// <summary>Put Block: stages one block of a block blob under <paramref name="blockId"/> (base64).</summary>
    public async Task<BlobWriteResponse> StageBlockAsync(string container, string blob, string blockId, UploadContent content, CancellationToken ct)
    {
        using var response = await SendAsync(
            () => Request(HttpMethod.Put, $"{BlobUrl(container, blob)}?comp=block&blockid={Uri.EscapeDataString(blockId)}"),
            ct, body: content);
        return WriteResponse(response);
    }

    /// <summary>Put Block List: commits the staged blocks, in this order, as the blob's content.</summary>
    public async Task<BlobWriteResponse> CommitBlockListAsync(
        string container, string blob, IReadOnlyList<string> blockIds, BlobWriteOptions options, CancellationToken ct)
    {
        var xml = new XDocument(new XDeclaration("1.0", "utf-8", null),
            new XElement("BlockList", blockIds.Select(id => new XElement("Latest", id))));
        var payload = Encoding.UTF8.GetBytes(xml.Declaration + xml.ToString(SaveOptions.DisableFormatting));
        using var response = await SendAsync(() =>
        {
            var request = Request(HttpMethod.Put, $"{BlobUrl(container, blob)}?comp=blocklist");
            AddWriteOptions(request, options);
            request.Content = new ByteArrayContent(payload);
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/xml") { CharSet = "utf-8" };
            return request;
        }, ct);
        // The Content-MD5 of this answer is the block list's, not the blob's.
        return WriteResponse(response) with { ContentMd5 = null };
    }

    /// <summary>Get Blob Tags.</summary>
    public async Task<IReadOnlyDictionary<string, string>> GetTagsAsync(string container, string blob, CancellationToken ct)
    {
        using var response = await SendAsync(() => Request(HttpMethod.Get, $"{BlobUrl(container, blob)}?comp=tags"), ct);
        await using var stream = await response.Content.ReadAsStreamAsync(ct);
        var document = await XDocument.LoadAsync(stream, LoadOptions.None, ct);
        var tags = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var tag in document.Descendants("Tag"))
            tags[(string?)tag.Element("Key") ?? ""] = (string?)tag.Element("Value") ?? "";
        return tags;
    }

    /// <summary>Set Blob Tier.</summary>
    public async Task SetTierAsync(string container, string blob, string tier, CancellationToken ct)
    {
        using var _ = await SendAsync(() =>
        {
            var request = Request(HttpMethod.Put, $"{BlobUrl(container, blob)}?comp=tier");
            request.Headers.TryAddWithoutValidation("x-ms-access-tier", tier);
            return request;
        }, ct);
    }

    /// <summary>Set Blob Properties: replaces all the standard headers (an absent one is cleared, MD5 included).</summary>
    public async Task<string?> SetHttpHeadersAsync(string container, string blob, BlobHttpHeaders headers, CancellationToken ct)
    {
        using var response = await SendAsync(() =>
        {
            var request = Request(HttpMethod.Put, $"{BlobUrl(container, blob)}?comp=properties");
            AddHttpHeaders(request, headers);
            return request;
        }, ct);
        return ETagOf(response);
    }

    /// <summary>Set Blob Metadata: replaces all metadata (none clears it).</summary>
    public async Task SetMetadataAsync(string container, string blob, IReadOnlyDictionary<string, string> metadata, CancellationToken ct)
    {
        using var _ = await SendAsync(() =>
        {
            var request = Request(HttpMethod.Put, $"{BlobUrl(container, blob)}?comp=metadata");
            foreach (var (name, value) in metadata) request.Headers.TryAddWithoutValidation(MetaPrefix + name, value);
            return request;
        }, ct);
    }

    /// <summary>Copy Blob from a blob of the same account (SharedKey authorizes the source too). With metadata
    /// in <paramref name="options"/> they replace the source's; without, the source's are copied.</summary>
    public async Task<CopyResponse> StartCopyFromUriAsync(string container, string blob, string sourceUrl, BlobWriteOptions options, CancellationToken ct)
    {
        using var response = await SendAsync(() =>
        {
            var request = Request(HttpMethod.Put, BlobUrl(container, blob));
            request.Headers.TryAddWithoutValidation("x-ms-copy-source", sourceUrl);
            foreach (var (name, value) in options.Metadata) request.Headers.TryAddWithoutValidation(MetaPrefix + name, value);
            if (options.Tags.Count > 0) request.Headers.TryAddWithoutValidation("x-ms-tags", TagHeader(options.Tags));
            if (options.AccessTier is not null) request.Headers.TryAddWithoutValidation("x-ms-access-tier", options.AccessTier);
            return request;
        }, ct);
        return new CopyResponse(ETagOf(response), Header(response, "x-ms-copy-status") ?? "success", Header(response, "x-ms-copy-status-description"));
    }

    /// <summary>Delete Blob with its snapshots; false when it did not exist.</summary>
    public async Task<bool> DeleteIfExistsAsync(string container, string blob, CancellationToken ct)
    {
        using var response = await SendAsync(() =>
        {
            var request = Request(HttpMethod.Delete, BlobUrl(container, blob));
            request.Headers.TryAddWithoutValidation("x-ms-delete-snapshots", "include");
            return request;
        }, ct, accept: r => r.StatusCode == HttpStatusCode.NotFound && ErrorCode(r) == "BlobNotFound");
        return response.StatusCode != HttpStatusCode.NotFound;
    }

    private static void AddWriteOptions(HttpRequestMessage request, BlobWriteOptions options)
    {
        AddHttpHeaders(request, options.Headers);
        foreach (var (name, value) in options.Metadata) request.Headers.TryAddWithoutValidation(MetaPrefix + name, value);
        if (options.Tags.Count > 0) request.Headers.TryAddWithoutValidation("x-ms-tags", TagHeader(options.Tags));
        if (options.AccessTier is not null) request.Headers.TryAddWithoutValidation("x-ms-access-tier", options.AccessTier);
    }

    private static void AddHttpHeaders(HttpRequestMessage request, BlobHttpHeaders headers)
    {
        void Add(string name, string? value)
        {
            if (!string.IsNullOrEmpty(value)) request.Headers.TryAddWithoutValidation(name, value);
        }
        Add("x-ms-blob-content-type", headers.ContentType);
        Add("x-ms-blob-content-encoding", headers.ContentEncoding);
        Add("x-ms-blob-content-language", headers.ContentLanguage);
        Add("x-ms-blob-content-disposition", headers.ContentDisposition);
        Add("x-ms-blob-cache-control", headers.CacheControl);
        Add("x-ms-blob-content-md5", headers.ContentMd5);
    }

    /// <summary>x-ms-tags: the tags as a URL query string.</summary>
    internal static string TagHeader(IReadOnlyDictionary<string, string> tags) =>
        string.Join('&', tags.Select(t => $"{Uri.EscapeDataString(t.Key)}={Uri.EscapeDataString(t.Value)}"));

    private static BlobProperties ReadProperties(HttpResponseMessage response)
    {
        var content = response.Content.Headers;
        var metadata = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        // NonValidated: enumerating the parsed headers would re-format every header value.
        foreach (var (name, values) in response.Headers.NonValidated)
            if (name.StartsWith(MetaPrefix, StringComparison.OrdinalIgnoreCase))
                metadata[name[MetaPrefix.Length..]] = values.ToString();
        var headers = new BlobHttpHeaders(
            ContentType: ContentHeader(response, "Content-Type"),
            ContentEncoding: ContentHeader(response, "Content-Encoding"),
            ContentLanguage: ContentHeader(response, "Content-Language"),
            ContentDisposition: ContentHeader(response, "Content-Disposition"),
            CacheControl: Header(response, "Cache-Control"),
            ContentMd5: content.ContentMD5 is { } md5 ? Convert.ToBase64String(md5) : null);
        var size = Header(response, "Content-Range") is { } range && range.LastIndexOf('/') is var slash and > 0
            ? long.Parse(range[(slash + 1)..], CultureInfo.InvariantCulture)
            : content.ContentLength ?? 0;
        return new BlobProperties(
            Size: size,
            LastModified: content.LastModified ?? DateTimeOffset.MinValue,
            ETag: ETagOf(response),
            Headers: headers,
            Metadata: metadata,
            AccessTier: Header(response, "x-ms-access-tier"),
            TagCount: int.TryParse(Header(response, "x-ms-tag-count"), CultureInfo.InvariantCulture, out var count) ? count : null,
            ServerEncrypted: string.Equals(Header(response, "x-ms-server-encrypted"), "true", StringComparison.OrdinalIgnoreCase),
            BlobType: Header(response, "x-ms-blob-type"),
            CopyStatus: Header(response, "x-ms-copy-status"),
            CopyStatusDescription: Header(response, "x-ms-copy-status-description"));
    }

    private static BlobWriteResponse WriteResponse(HttpResponseMessage response) => new(
        ETagOf(response),
        response.Content.Headers.ContentMD5 is { } md5 ? Convert.ToBase64String(md5) : Header(response, "Content-MD5"),
        string.Equals(Header(response, "x-ms-request-server-encrypted"), "true", StringComparison.OrdinalIgnoreCase));

    private static string? ETagOf(HttpResponseMessage response) => Header(response, "ETag")?.Trim('"');

    internal static string? ErrorCode(HttpResponseMessage response) => Header(response, "x-ms-error-code");

    // Raw values (NonValidated): parsed ones are re-formatted ("text/plain;x=1" -> "text/plain; x=1"), and
    // headers must be copied as the source stored them.
    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.NonValidated.TryGetValues(name, out var values) ? values.ToString()
        : ContentHeader(response, name);

    private static string? ContentHeader(HttpResponseMessage response, string name) =>
        response.Content.Headers.NonValidated.TryGetValues(name, out var values) ? values.ToString() : null;
}
