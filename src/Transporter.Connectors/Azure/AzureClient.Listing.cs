using System.Globalization;
using System.Net;
using System.Xml.Linq;

namespace Transporter.Connectors.Azure;

internal sealed partial class AzureClient
{
    /// <summary>List Blobs, flat (no delimiter), one page of at most <paramref name="maxResults"/> (≤ 5000).</summary>
    public async Task<BlobPage> ListBlobsPageAsync(string container, string prefix, string? marker, int maxResults, CancellationToken ct)
    {
        var url = $"{ContainerUrl(container)}?restype=container&comp=list&maxresults={maxResults}"
                  + (prefix.Length > 0 ? "&prefix=" + Uri.EscapeDataString(prefix) : "")
                  + (string.IsNullOrEmpty(marker) ? "" : "&marker=" + Uri.EscapeDataString(marker));
        using var response = await SendAsync(() => Request(HttpMethod.Get, url), ct);
        var document = await LoadXmlAsync(response, ct);
        var items = new List<BlobItem>();
        foreach (var blob in document.Root?.Element("Blobs")?.Elements("Blob") ?? [])
        {
            var properties = blob.Element("Properties");
            items.Add(new BlobItem(
                Name: BlobName(blob.Element("Name")),
                Size: long.Parse((string?)properties?.Element("Content-Length") ?? "0", CultureInfo.InvariantCulture),
                LastModified: DateTimeOffset.ParseExact((string?)properties?.Element("Last-Modified") ?? "", "R", CultureInfo.InvariantCulture),
                ETag: ((string?)properties?.Element("Etag"))?.Trim('"'),
                AccessTier: (string?)properties?.Element("AccessTier"),
                ContentMd5: NullIfEmpty((string?)properties?.Element("Content-MD5"))));
        }
        return new BlobPage(items, NullIfEmpty((string?)document.Root?.Element("NextMarker")));
    }

    /// <summary>List Containers, one page.</summary>
    public async Task<ContainerPage> ListContainersPageAsync(string? marker, CancellationToken ct)
    {
        var url = $"{ServiceUrl}/?comp=list" + (string.IsNullOrEmpty(marker) ? "" : "&marker=" + Uri.EscapeDataString(marker));
        using var response = await SendAsync(() => Request(HttpMethod.Get, url), ct);
        var document = await LoadXmlAsync(response, ct);
        var names = (document.Root?.Element("Containers")?.Elements("Container") ?? [])
            .Select(c => (string?)c.Element("Name") ?? "").ToList();
        return new ContainerPage(names, NullIfEmpty((string?)document.Root?.Element("NextMarker")));
    }

    /// <summary>Create Container; false when it already exists.</summary>
    public async Task<bool> CreateContainerAsync(string container, CancellationToken ct)
    {
        using var response = await SendAsync(() => Request(HttpMethod.Put, $"{ContainerUrl(container)}?restype=container"), ct,
            accept: r => r.StatusCode == HttpStatusCode.Conflict && ErrorCode(r) == "ContainerAlreadyExists");
        return response.StatusCode != HttpStatusCode.Conflict;
    }

    /// <summary>Delete Container; false when it did not exist.</summary>
    public async Task<bool> DeleteContainerAsync(string container, CancellationToken ct)
    {
        using var response = await SendAsync(() => Request(HttpMethod.Delete, $"{ContainerUrl(container)}?restype=container"), ct,
            accept: r => r.StatusCode == HttpStatusCode.NotFound);
        return response.StatusCode != HttpStatusCode.NotFound;
    }

    private static async Task<XDocument> LoadXmlAsync(HttpResponseMessage response, CancellationToken ct)
    {
        await using var stream = await response.Content.ReadAsStreamAsync(ct);
        return await XDocument.LoadAsync(stream, LoadOptions.None, ct);
    }

    /// <summary>Names with characters XML cannot carry come percent-encoded with Encoded="true".</summary>
    private static string BlobName(XElement? name) =>
        name is null ? ""
        : string.Equals((string?)name.Attribute("Encoded"), "true", StringComparison.OrdinalIgnoreCase) ? Uri.UnescapeDataString(name.Value)
        : name.Value;

    private static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;
}
