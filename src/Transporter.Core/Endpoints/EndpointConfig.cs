using System.Text.Json;
using System.Text.Json.Serialization;

namespace Transporter.Core.Endpoints;

/// <summary>A cloud storage endpoint as the spec's JSON describes it (source or destination of a migration).</summary>
public sealed record EndpointConfig
{
    [JsonPropertyName("type")] public string? Type { get; init; }
    [JsonPropertyName("subtype")] public string? Subtype { get; init; }
    [JsonPropertyName("accessKey")] public string? AccessKey { get; init; }
    [JsonPropertyName("secretKey")] public string? SecretKey { get; init; }
    [JsonPropertyName("bucket")] public string? Bucket { get; init; }
    [JsonPropertyName("endpoint")] public string? Endpoint { get; init; }
    [JsonPropertyName("region")] public string? Region { get; init; }
    [JsonPropertyName("prefix")] public string? Prefix { get; init; }
    [JsonPropertyName("forceSSES3")] public bool? ForceSseS3 { get; init; }

    /// <summary>The name of an entry of the root's saved bucket table that supplies type, bucket, endpoint and
    /// credentials; resolved again at each run, so changing the entry changes what the next run uses.</summary>
    [JsonPropertyName("savedBucket")] public string? SavedBucket { get; init; }

    /// <summary>gcp-native: the service-account key file's JSON, as an object or a string.</summary>
    [JsonPropertyName("gcsConfig")] public JsonElement? GcsConfig { get; init; }

    /// <summary>The same endpoint without any credential, for listings and responses (an Azure SAS URL loses its signature).</summary>
    public EndpointConfig WithoutSecrets() =>
        this with { AccessKey = null, SecretKey = null, GcsConfig = null, Endpoint = AzureCredentialForms.WithoutSas(Endpoint) };

    /// <summary>Problems that make this endpoint unusable, worded for the API's "details"; empty when valid.</summary>
    public IReadOnlyList<string> Validate(EndpointRole role)
    {
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(Type)) { errors.Add("type is required"); return errors; }
        if (!EndpointType.IsKnown(Type)) { errors.Add($"unknown type '{Type}' (expected one of {string.Join(", ", EndpointType.All)})"); return errors; }
        if (string.IsNullOrWhiteSpace(Bucket)) errors.Add("bucket is required");
        else if (BucketNameRules.Problem(Type, Bucket) is { } badBucket) errors.Add(badBucket);
        if (Type == EndpointType.GcpNative)
            errors.AddRange(GcsKeyFileRules.Problems(GcsConfig));
        else if (Type == EndpointType.Azure)
            errors.AddRange(AzureCredentialForms.Problems(this));
        else
        {
            if (string.IsNullOrWhiteSpace(AccessKey)) errors.Add("accessKey is required");
            if (string.IsNullOrWhiteSpace(SecretKey)) errors.Add("secretKey is required");
            if (string.IsNullOrWhiteSpace(Endpoint)) errors.Add("endpoint is required");
        }
        if (!string.IsNullOrWhiteSpace(Endpoint) && !IsHttpUrl(Endpoint) && !IsHostName(Endpoint))
            errors.Add($"endpoint '{Endpoint}' is not a URL");
        if (!string.IsNullOrEmpty(Region) && !IsRegionName(Region))
            errors.Add($"region '{Region}' is not a region name (letters, digits, hyphens and underscores, e.g. us-east-1)");
        if (role == EndpointRole.Source)
        {
            if (!string.IsNullOrEmpty(Subtype)) errors.Add("subtype is valid only for the destination");
            if (ForceSseS3 == true) errors.Add("forceSSES3 is valid only for the destination");
        }
        else
        {
            if (!string.IsNullOrEmpty(Prefix)) errors.Add("prefix is valid only for the source");
            if (!string.IsNullOrEmpty(Subtype) && !StorageSubtype.For(Type).ContainsKey(Subtype))
                errors.Add($"subtype '{Subtype}' is not valid for type {Type} (expected one of {string.Join(", ", StorageSubtype.For(Type).Keys)})");
        }
        return errors;
    }

    /// <summary>The endpoint as an absolute URL: "example.com" becomes "https://example.com".</summary>
    public Uri? EndpointUri() =>
        string.IsNullOrWhiteSpace(Endpoint) ? null
        : IsHttpUrl(Endpoint) ? new Uri(Endpoint) : new Uri("https://" + Endpoint);

    private static bool IsHttpUrl(string value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps);

    private static bool IsRegionName(string value) =>
        value.Length <= 64 && value.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_') && char.IsAsciiLetterOrDigit(value[0]);

    private static bool IsHostName(string value) => Uri.CheckHostName(value.Split(':')[0]) != UriHostNameType.Unknown && !value.Contains('/');
}

public enum EndpointRole
{
    Source,
    Destination,
}
