using System.Text.Json.Serialization;

namespace Transporter.Api.Stats.Contracts;

/// <summary>The dashboard's totals over the range.</summary>
public sealed record TotalsView(
    [property: JsonPropertyName("filesFound")] long FilesFound,
    [property: JsonPropertyName("filesTransferred")] long FilesTransferred,
    [property: JsonPropertyName("filesFailed")] long FilesFailed,
    [property: JsonPropertyName("bytesTransferred")] long BytesTransferred);
