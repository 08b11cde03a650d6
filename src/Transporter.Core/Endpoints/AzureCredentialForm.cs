namespace Transporter.Core.Endpoints;

/// <summary>
/// The three ways an "azure" endpoint document carries its credentials (README, "Endpoint types"; docs/azure.md):
/// <list type="bullet">
/// <item><see cref="AccountKey"/>: accessKey = account name, secretKey = base64 account key, endpoint = account URL.</item>
/// <item><see cref="ConnectionString"/>: secretKey = a storage connection string ("DefaultEndpointsProtocol=...;
/// AccountName=...;AccountKey=..." or "BlobEndpoint=...;SharedAccessSignature=..."); accessKey and endpoint optional.</item>
/// <item><see cref="SasUrl"/>: endpoint = the account URL with a shared access signature as its query
/// (https://account.blob.core.windows.net/?sv=...&amp;sig=...); accessKey and secretKey unused.</item>
/// </list>
/// The validation of the document and the connector both classify through <see cref="AzureCredentialForms.Of"/>, so they never disagree.
/// </summary>
public enum AzureCredentialForm
{
    AccountKey,
    ConnectionString,
    SasUrl,
}

public static class AzureCredentialForms
{
    /// <summary>A base64 account key holds '=' only as padding and never ';', which every connection string has.</summary>
    public static AzureCredentialForm Of(EndpointConfig endpoint) =>
        IsSasUrl(endpoint.Endpoint) ? AzureCredentialForm.SasUrl
        : endpoint.SecretKey?.Contains(';') == true ? AzureCredentialForm.ConnectionString
        : AzureCredentialForm.AccountKey;

    /// <summary>Problems with the credential fields of an azure endpoint, worded for the API's "details".</summary>
    public static IEnumerable<string> Problems(EndpointConfig endpoint)
    {
        switch (Of(endpoint))
        {
            case AzureCredentialForm.SasUrl:
                yield break;
            case AzureCredentialForm.ConnectionString:
                foreach (var part in endpoint.SecretKey!.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                    if (part.IndexOf('=') <= 0)
                    {
                        yield return "secretKey (an Azure storage connection string) must be name=value pairs separated by ';'";
                        yield break;
                    }
                yield break;
            default:
                if (string.IsNullOrWhiteSpace(endpoint.AccessKey)) yield return "accessKey (the storage account name) is required";
                if (string.IsNullOrWhiteSpace(endpoint.SecretKey)) yield return "secretKey (the storage account key) is required";
                else if (!IsBase64(endpoint.SecretKey)) yield return "secretKey (the storage account key) is not base64";
                if (string.IsNullOrWhiteSpace(endpoint.Endpoint)) yield return "endpoint is required";
                yield break;
        }
    }

    /// <summary>The endpoint URL without its query when that query is a shared access signature (a credential).</summary>
    public static string? WithoutSas(string? endpoint) =>
        IsSasUrl(endpoint) ? new Uri(endpoint!).GetLeftPart(UriPartial.Path) : endpoint;

    private static bool IsSasUrl(string? endpoint) =>
        Uri.TryCreate(endpoint, UriKind.Absolute, out var uri)
        && uri.Query.TrimStart('?').Split('&').Any(p => p.StartsWith("sig=", StringComparison.Ordinal));

    private static bool IsBase64(string value)
    {
        var buffer = new byte[value.Length];
        return Convert.TryFromBase64String(value.Trim(), buffer, out var length) && length > 0;
    }
}
