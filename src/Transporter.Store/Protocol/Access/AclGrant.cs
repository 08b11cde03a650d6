namespace Transporter.Store.Protocol.Access;

/// <summary>One grant of an access control list: a canonical user (a root's name here) or a group, and a permission
/// (READ, WRITE, READ_ACP, WRITE_ACP, FULL_CONTROL).</summary>
internal sealed record AclGrant(bool IsGroup, string Grantee, string Permission)
{
    public const string AllUsers = "http://acs.amazonaws.com/groups/global/AllUsers";
    public const string AuthenticatedUsers = "http://acs.amazonaws.com/groups/global/AuthenticatedUsers";
    public const string LogDelivery = "http://acs.amazonaws.com/groups/s3/LogDelivery";

    public static readonly string[] Permissions = ["READ", "WRITE", "READ_ACP", "WRITE_ACP", "FULL_CONTROL"];

    public bool IsPublic => IsGroup && Grantee is AllUsers or AuthenticatedUsers;

    /// <summary>True when this grant gives <paramref name="permission"/> to a caller of root <paramref name="account"/>
    /// (null: anonymous).</summary>
    public bool Gives(string permission, string? account, bool ignorePublic)
    {
        if (Permission != permission && Permission != "FULL_CONTROL") return false;
        if (!IsGroup) return account is not null && Grantee == account;
        if (ignorePublic && IsPublic) return false;
        return Grantee == AllUsers || (Grantee == AuthenticatedUsers && account is not null);
    }
}
