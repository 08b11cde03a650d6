using System.Text.Json;
using System.Text.RegularExpressions;
using Transporter.Api.Migrations;
using Transporter.Api.Migrations.Contracts;
using Transporter.Api.Migrations.Http;
using Transporter.Core.Endpoints;
using Transporter.Testing;

namespace Transporter.EndToEnd.Tests.Cloud;

/// <summary>The README's "Endpoint types" examples are documents the API accepts: one per type, each valid.</summary>
public sealed partial class ReadmeEndpointExamplesTests
{
    [Fact]
    public void Every_endpoint_type_has_one_valid_example_and_the_whole_request_validates()
    {
        var readme = File.ReadAllText(Path.Combine(RepoPaths.Root, "README.md"));
        var start = readme.IndexOf("### Endpoint types", StringComparison.Ordinal);
        Assert.True(start >= 0, "README has no \"### Endpoint types\" section");
        var end = readme.IndexOf("\n#", start + 1, StringComparison.Ordinal);
        var blocks = JsonBlock().Matches(readme[start..end]).Select(m => m.Groups[1].Value).ToList();

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
        Assert.Empty(MigrationRequestValidation.Validate(body, Transporter.Core.Migrations.MigrationKind.Migration));
        Assert.Equal(("azure", "lyve", true), (body.Source!.Type, body.Destination!.Type, body.DeleteAfterUpload));
    }

    [GeneratedRegex("```json\\n(.*?)```", RegexOptions.Singleline)]
    private static partial Regex JsonBlock();
}
