namespace Transporter.Identity.Signatures.SigV4;

/// <summary>The Credential of a SigV4 request: AKID/yyyyMMdd/region/service/aws4_request.</summary>
internal sealed record CredentialScope(string AccessKeyId, string Date, string Region, string Service)
{
    /// <summary>"date/region/service/aws4_request", the scope line of the string to sign.</summary>
    public string Scope { get; } = $"{Date}/{Region}/{Service}/aws4_request";

    /// <param name="errorCode">AuthorizationHeaderMalformed for the header, AuthorizationQueryParametersError for the query.</param>
    public static CredentialScope Parse(string credential, AuthFailureKind errorCode)
    {
        var parts = credential.Split('/');
        if (parts.Length != 5 || parts[0].Length == 0 || parts[1].Length != 8 || parts[2].Length == 0 || parts[3].Length == 0)
            throw new RequestAuthenticationException(errorCode, $"{Prefix(errorCode)}; the Credential is mal-formed; expecting \"<YOUR-AKID>/YYYYMMDD/REGION/SERVICE/aws4_request\".");
        if (parts[4] != "aws4_request")
            throw new RequestAuthenticationException(errorCode, $"{Prefix(errorCode)}; incorrect terminal \"{parts[4]}\". This endpoint uses \"aws4_request\".");
        return new CredentialScope(parts[0], parts[1], parts[2], parts[3]);
    }

    /// <summary>Any region is accepted (clients differ); the service must be this endpoint's and the date the request's day.</summary>
    public void Validate(string expectedService, string amzDate, AuthFailureKind errorCode)
    {
        if (!string.Equals(Service, expectedService, StringComparison.Ordinal))
            throw new RequestAuthenticationException(errorCode, $"{Prefix(errorCode)}; incorrect service \"{Service}\". This endpoint belongs to \"{expectedService}\".");
        if (!amzDate.StartsWith(Date, StringComparison.Ordinal))
            throw new RequestAuthenticationException(errorCode, $"{Prefix(errorCode)}; Invalid credential date \"{Date}\". This date is not the same as X-Amz-Date: \"{amzDate[..Math.Min(8, amzDate.Length)]}\".");
    }

    private static string Prefix(AuthFailureKind errorCode) => errorCode == AuthFailureKind.AuthorizationQueryParametersError
        ? "Error parsing the X-Amz-Credential parameter"
        : "The authorization header is malformed";
}
