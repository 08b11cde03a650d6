using System.Text.Json;
using Transporter.Core.Endpoints;

namespace Transporter.Api.Gui.Services;

/// <summary>The endpoint form's fields; <see cref="ToConfig"/> keeps only those the chosen type uses.</summary>
public sealed class EndpointForm
{
    public string Type { get; set; } = EndpointType.Lyve;
    public string AccessKey { get; set; } = "";
    public string SecretKey { get; set; } = "";
    public string Bucket { get; set; } = "";
    public string Endpoint { get; set; } = "";
    public string Region { get; set; } = "us-east-1";
    public string Prefix { get; set; } = "";
    public string Subtype { get; set; } = "";
    public bool ForceSseS3 { get; set; }

    /// <summary>gcp-native: the uploaded service-account key file's JSON.</summary>
    public JsonElement? KeyFile { get; set; }

    public string? KeyFileName { get; set; }

    /// <summary>The name of an entry of the root's saved bucket table that supplies type, endpoint, bucket and keys;
    /// empty when they are typed in.</summary>
    public string SavedBucket { get; set; } = "";

    public EndpointTypeInfo Info => EndpointTypeInfo.For(Type);

    public EndpointConfig ToConfig(EndpointRole role)
    {
        var info = Info;
        if (SavedBucket.Length > 0)
        {
            // The entry's name only: each run resolves it again, so changing the entry changes what the next run uses.
            return new EndpointConfig
            {
                SavedBucket = SavedBucket,
                Prefix = role == EndpointRole.Source ? Blank(Prefix) : null,
                Subtype = role == EndpointRole.Destination ? Blank(Subtype) : null,
            };
        }
        return new EndpointConfig
        {
            Type = Type,
            AccessKey = info.UsesKeys ? AccessKey.Trim() : null,
            SecretKey = info.UsesKeys ? SecretKey : null,
            Bucket = Bucket.Trim(),
            Endpoint = Blank(Endpoint),
            Region = info.UsesRegion ? Blank(Region) : null,
            GcsConfig = info.UsesKeyFile ? KeyFile : null,
            Prefix = role == EndpointRole.Source ? Blank(Prefix) : null,
            Subtype = role == EndpointRole.Destination ? Blank(Subtype) : null,
            ForceSseS3 = role == EndpointRole.Destination && info.UsesSseS3 && ForceSseS3 ? true : null,
        };
    }

    private static string? Blank(string value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
