namespace Transporter.Identity.Signatures;

/// <summary>The outcome of authenticating a request: who signed it and the body to read in place of the raw one.</summary>
/// <param name="Caller">Null for an anonymous request.</param>
/// <param name="Body">The request payload to read (decoded when aws-chunked).</param>
/// <param name="ContentLength">Length of <paramref name="Body"/> when known (x-amz-decoded-content-length for aws-chunked).</param>
public sealed record AuthResult(Caller? Caller, Stream Body, long? ContentLength)
{
    private static readonly IReadOnlyDictionary<string, string> NoTrailers = new Dictionary<string, string>();

    /// <summary>Trailing headers of an aws-chunked body (x-amz-checksum-*, names in lower case), complete only after
    /// <see cref="Body"/> was read to its end.</summary>
    public Func<IReadOnlyDictionary<string, string>> Trailers { get; init; } = static () => NoTrailers;

    /// <summary>How the request was signed ("AWS4-HMAC-SHA256", "AWS4-HMAC-SHA256-QUERY", "AWS", "AWS-QUERY"), null when anonymous.</summary>
    public string? SignatureKind { get; init; }
}
