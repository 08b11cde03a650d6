using System.Text.Json.Serialization;

namespace Transporter.Api.Http;

/// <summary>Every error of the Transporter API: a short <see cref="Error"/> and the <see cref="Details"/>.</summary>
public sealed record ApiError(
    [property: JsonPropertyName("error")] string Error,
    [property: JsonPropertyName("details")] string Details);
