using System.Net;
using System.Text.Json;

namespace Transporter.Testing.Api;

/// <summary>An answer of the Transporter API: status, raw body and content type.</summary>
public sealed record ApiResponse(HttpStatusCode Status, string Body, string? ContentType)
{
    /// <summary>The body parsed as JSON (fails the test when it is not JSON).</summary>
    public JsonElement Json => JsonDocument.Parse(Body).RootElement.Clone();

    public override string ToString() => $"{(int)Status} {Body}";
}
