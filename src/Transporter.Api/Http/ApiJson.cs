using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Transporter.Api.Http;

/// <summary>How the Transporter API reads and writes JSON: the spec's names (set on each contract), no nulls written,
/// names matched case-insensitively on input, numbers only as JSON numbers.</summary>
public static class ApiJson
{
    public static readonly JsonSerializerOptions Options = new()
    {
        PropertyNameCaseInsensitive = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        NumberHandling = JsonNumberHandling.Strict,
        // API clients read JSON, not HTML: quotes and apostrophes in details stay readable.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };
}
