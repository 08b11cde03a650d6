namespace Transporter.Identity.Policies;

/// <summary>
/// The principals a statement names: "*" (everyone, anonymous included), an account ("ROOT", "arn:aws:iam::ROOT:root"),
/// a user ("arn:aws:iam::ROOT:user/NAME"), or a canonical user id (the root's name here). Accounts are roots.
/// </summary>
public sealed record PolicyPrincipal(bool Everyone, IReadOnlyList<string> Accounts, IReadOnlyList<(string Account, string User)> Users)
{
    public static readonly PolicyPrincipal Anyone = new(true, [], []);

    public bool Matches(PolicyRequest request)
    {
        if (Everyone) return true;
        if (request.Account is null) return false;
        if (Accounts.Any(a => WildcardPattern.Matches(a, request.Account))) return true;
        return request.User is not null && Users.Any(u => u.Account == request.Account && WildcardPattern.Matches(u.User, request.User));
    }

    /// <summary>Parses one AWS principal value.</summary>
    public static void Add(string value, List<string> accounts, List<(string, string)> users, ref bool everyone)
    {
        if (value == "*")
        {
            everyone = true;
            return;
        }
        if (!value.StartsWith("arn:", StringComparison.Ordinal))
        {
            accounts.Add(value);
            return;
        }
        var parts = value.Split(':', 6);
        if (parts.Length != 6 || parts[2] is not ("iam" or "sts")) throw new PolicyException($"Invalid principal in policy: \"AWS\" : \"{value}\"");
        var account = parts[4];
        var resource = parts[5];
        if (resource == "root") accounts.Add(account);
        else if (resource.StartsWith("user/", StringComparison.Ordinal)) users.Add((account, resource["user/".Length..]));
        else if (resource.StartsWith("assumed-role/", StringComparison.Ordinal)) accounts.Add(account);
        else throw new PolicyException($"Invalid principal in policy: \"AWS\" : \"{value}\"");
    }
}
