using Azure.Storage.Blobs.Models;

namespace Transporter.Connectors.Azure;

/// <summary>What Put Blob, Put Block List and Copy Blob set, in the SDK's types: content headers, metadata (names
/// already valid for Azure), index tags and the access tier. A known MD5 is in the headers' ContentHash.</summary>
internal sealed record AzureWriteOptions(
    BlobHttpHeaders Headers, IDictionary<string, string> Metadata, IDictionary<string, string> Tags, global::Azure.Storage.Blobs.Models.AccessTier? Tier);
