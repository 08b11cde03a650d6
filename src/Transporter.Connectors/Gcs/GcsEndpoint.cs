using Google.Cloud.Storage.V1;
using Transporter.Core.Endpoints;
using Transporter.Core.Storage;

namespace Transporter.Connectors.Gcs;

/// <summary>
/// A "gcp-native" endpoint: its <see cref="StorageClient"/> (built with the key file's credential, pointed at the
/// endpoint's root), its project and an identity for <see cref="SameAccountAs"/>.
/// </summary>
internal sealed class GcsEndpoint(StorageClient client, string root, GcsKeyFile key)
{
    public const string DefaultRoot = "https://storage.googleapis.com";

    public StorageClient Client => client;

    public string Root => root;

    public string? ProjectId => key.ProjectId;

    public bool SameAccountAs(GcsEndpoint other) =>
        string.Equals(root, other.Root, StringComparison.OrdinalIgnoreCase) && key == other.KeyFile;

    internal GcsKeyFile KeyFile => key;

    /// <summary>The spec's endpoint is https://storage.googleapis.com/storage/v1/; the bare host works too.</summary>
    internal static string RootOf(Uri? endpoint)
    {
        if (endpoint is null) return DefaultRoot;
        var path = endpoint.AbsolutePath.TrimEnd('/');
        if (path.EndsWith("/storage/v1", StringComparison.OrdinalIgnoreCase)) path = path[..^"/storage/v1".Length];
        return endpoint.GetLeftPart(UriPartial.Authority) + path;
    }

    internal static Uri? EndpointUri(EndpointConfig config)
    {
        try
        {
            return config.EndpointUri();
        }
        catch (UriFormatException e)
        {
            throw new ObjectStoreException(ObjectStoreErrorKind.InvalidRequest, "InvalidEndpoint", $"endpoint '{config.Endpoint}' is not a URL: {e.Message}");
        }
    }

    public override string ToString() => $"gcp-native {root} ({key})";
}
