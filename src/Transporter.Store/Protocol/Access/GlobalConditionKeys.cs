using System.Globalization;
using Microsoft.AspNetCore.Http;
using Transporter.Identity;

namespace Transporter.Store.Protocol.Access;

/// <summary>The aws:* condition keys every request on the store's listener has (S3, IAM and STS alike), and the
/// Transporter API's and the GUI's (the GUI's interactive circuit has no request: its keys of the request have no value).</summary>
public static class GlobalConditionKeys
{
    public static IReadOnlyList<string>? Value(string name, HttpContext? http, Caller? caller)
    {
        var request = http?.Request;
        string? Header(string header) => request is not null && request.Headers.TryGetValue(header, out var value) && value.Count > 0 ? value.ToString() : null;
        IReadOnlyList<string>? One(string? value) => value is null ? null : [value];
        return name switch
        {
            "aws:SourceIp" => One(http?.Connection.RemoteIpAddress is { } ip ? (ip.IsIPv4MappedToIPv6 ? ip.MapToIPv4() : ip).ToString() : null),
            "aws:SecureTransport" => One(request is null ? null : request.IsHttps ? "true" : "false"),
            "aws:CurrentTime" => One(DateTimeOffset.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)),
            "aws:EpochTime" => One(DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture)),
            "aws:UserAgent" => One(Header("User-Agent")),
            "aws:Referer" => One(Header("Referer")),
            "aws:username" => One(caller?.UserName),
            "aws:userid" => One(caller?.UserName),
            "aws:PrincipalAccount" => One(caller?.Root),
            "aws:PrincipalType" => One(caller is null ? "Anonymous" : caller.IsSession ? "AssumedRole" : caller.IsRoot ? "Account" : "User"),
            "aws:TokenIssueTime" or "aws:MultiFactorAuthPresent" => null,
            _ => null,
        };
    }
}
