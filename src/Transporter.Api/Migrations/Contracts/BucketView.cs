using System.Text.Json.Serialization;

namespace Transporter.Api.Migrations.Contracts;

/// <summary>One entry of POST /list-buckets.</summary>
public sealed record BucketView([property: JsonPropertyName("name")] string Name);
