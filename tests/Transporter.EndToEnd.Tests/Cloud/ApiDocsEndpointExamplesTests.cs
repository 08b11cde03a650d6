using System.Text.Json;
using System.Text.RegularExpressions;
using Transporter.Api.Http;
using Transporter.Api.Migrations;
using Transporter.Api.Migrations.Contracts;
using Transporter.Core.Endpoints;
using Transporter.Testing;

namespace Transporter.EndToEnd.Tests.Cloud;

/// <summary>The "Endpoint types" examples of docs/api.md are documents the API accepts: one per type, each valid.</summary>
public sealed partial class ApiDocsEndpointExamplesTests
{
    [Fact]
    public void Every_endpoint_type_has_one_valid_example_and_the_whole_request_validates()
    {
        var page = File.ReadAllText(Path.Combine(RepoPaths.Root, "docs", "api.md"));
        var start = page.IndexOf("## Endpoint types", StringComparison.Ordinal);
        Assert.True(start >= 0, "docs/api.md has no \"## Endpoint types\" section");
        var end = page.IndexOf("\n#", start + 1, StringComparison.Ordinal);
        // The page elides the gcp-native key ("-----BEGIN PRIVATE KEY-----\n...\n"); validation parses the key, so a real one
        // stands in for the ellipsis.
        using var rsa = System.Security.Cryptography.RSA.Create(2048);
        var key = JsonSerializer.Serialize(rsa.ExportPkcs8PrivateKeyPem() + "\n");
        var blocks = JsonBlock().Matches(page[start..end]).Select(m => m.Groups[1].Value)
            .Select(b => b.Replace("\"-----BEGIN PRIVATE KEY-----\\n...\\n-----END PRIVATE KEY-----\\n\"", key, StringComparison.Ordinal)).ToList();
        Assert.Contains(blocks, b => b.Contains("BEGIN PRIVATE KEY-----\\nMII", StringComparison.Ordinal));

        var endpoints = blocks.Where(b => b.TrimStart().StartsWith("{\"type\"", StringComparison.Ordinal))
            .Select(b => JsonSerializer.Deserialize<EndpointConfig>(b, ApiJson.Options)!).ToList();
        Assert.Equal(EndpointType.All.Order(StringComparer.Ordinal), endpoints.Select(e => e.Type!).Order(StringComparer.Ordinal));
        foreach (var endpoint in endpoints)
        {
            // An example with a destination-only field is a destination; the others are shown as sources.
            var role = endpoint.Subtype is not null || endpoint.ForceSseS3 is not null ? EndpointRole.Destination : EndpointRole.Source;
            Assert.True(endpoint.Validate(role).Count == 0, $"{endpoint.Type}: {string.Join("; ", endpoint.Validate(role))}");
        }

        var request = Assert.Single(blocks, b => b.StartsWith("POST /migrations\n", StringComparison.Ordinal));
        var body = JsonSerializer.Deserialize<MigrationRequest>(request["POST /migrations\n".Length..], ApiJson.Options)!;
        Assert.Empty(MigrationRequestValidation.Validate(body));
        Assert.Equal(("azure", "lyve", true), (body.Source!.Type, body.Destination!.Type, body.DeleteAfterUpload));
    }

    [GeneratedRegex("```json\\n(.*?)```", RegexOptions.Singleline)]
    private static partial Regex JsonBlock();
}
