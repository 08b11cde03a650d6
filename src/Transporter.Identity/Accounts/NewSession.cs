namespace Transporter.Identity.Accounts;

/// <summary>Temporary keys just issued by STS: the only time their secret and session token are handed out.</summary>
public sealed record NewSession(string AccessKeyId, string SecretAccessKey, string SessionToken, string Root, string UserName, DateTimeOffset Expiration)
{
    public override string ToString() => $"NewSession {{ AccessKeyId = {AccessKeyId}, Root = {Root}, UserName = {UserName}, Expiration = {Expiration:O} }}";
}
