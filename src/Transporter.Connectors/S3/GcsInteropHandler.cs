using System.Net.Http.Headers;

namespace Transporter.Connectors.S3;

/// <summary>
/// Google Cloud Storage's S3-interoperable XML API (type "gcp", HMAC keys), as documented by Google:
/// <list type="bullet">
/// <item>Requests: "AWS4-HMAC-SHA256" (and "AWS" V2) signatures with HMAC keys and x-amz-* request headers are accepted
/// ("simple migration"), so x-amz-meta-*, x-amz-storage-class and x-amz-copy-source are sent as for S3.
/// Storage classes are Cloud Storage's own: STANDARD, NEARLINE, COLDLINE (the gcp-s3-* subtypes).
/// Path-style URLs on https://storage.googleapis.com.</item>
/// <item>Responses carry Google's names: x-goog-meta-* for user metadata and x-goog-storage-class. The SDK only reads
/// x-amz-meta-* and x-amz-storage-class, so this handler copies the Google headers to those names.</item>
/// <item>Not available: multi-object delete (POST ?delete; the provider deletes one object at a time anyway),
/// object tagging (GCS objects have no tags: the provider neither sends x-amz-tagging nor asks for ?tagging),
/// x-amz-server-side-encryption (GCS encrypts every object at rest), and UploadPartCopy (copies use CopyObject).
/// Objects assembled by an XML multipart upload have no MD5, so their ETag is not checked against one.</item>
/// </list>
/// </summary>
internal sealed class GcsInteropHandler : DelegatingHandler
{
    private const string GoogleMetaPrefix = "x-goog-meta-";
    private const string AmazonMetaPrefix = "x-amz-meta-";

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken ct)
    {
        var response = await base.SendAsync(request, ct);
        List<KeyValuePair<string, HeaderStringValues>>? renamed = null;
        // NonValidated: enumerating parsed headers would rewrite values such as Cache-Control into .NET's formatting.
        foreach (var header in response.Headers.NonValidated)
        {
            if (header.Key.StartsWith(GoogleMetaPrefix, StringComparison.OrdinalIgnoreCase))
                (renamed ??= []).Add(new(AmazonMetaPrefix + header.Key[GoogleMetaPrefix.Length..], header.Value));
            else if (header.Key.Equals("x-goog-storage-class", StringComparison.OrdinalIgnoreCase))
                (renamed ??= []).Add(new("x-amz-storage-class", header.Value));
        }
        if (renamed is not null)
            foreach (var (name, values) in renamed)
                if (!response.Headers.NonValidated.Contains(name)) response.Headers.TryAddWithoutValidation(name, (IEnumerable<string>)values);
        return response;
    }
}
