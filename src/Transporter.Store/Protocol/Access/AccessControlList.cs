using System.Text;
using System.Xml.Linq;
using Microsoft.AspNetCore.Http;
using Transporter.Store.Protocol.Errors;
using Transporter.Store.Protocol.Xml;

namespace Transporter.Store.Protocol.Access;

/// <summary>
/// A bucket's or object's ACL: its owner and grants, from a canned ACL (x-amz-acl), x-amz-grant-* headers or an
/// AccessControlPolicy document; kept in a compact text form ("owner|PERMISSION:id:root;PERMISSION:uri:group").
/// </summary>
internal sealed record AccessControlList(string Owner, IReadOnlyList<AclGrant> Grants)
{
    private const string XsiNamespace = "http://www.w3.org/2001/XMLSchema-instance";

    private static readonly Dictionary<string, string> GrantHeaders = new(StringComparer.OrdinalIgnoreCase)
    {
        ["x-amz-grant-read"] = "READ",
        ["x-amz-grant-write"] = "WRITE",
        ["x-amz-grant-read-acp"] = "READ_ACP",
        ["x-amz-grant-write-acp"] = "WRITE_ACP",
        ["x-amz-grant-full-control"] = "FULL_CONTROL",
    };

    /// <summary>The owner's full control and nothing else (the "private" canned ACL, every default).</summary>
    public static AccessControlList Private(string owner) => new(owner, [new AclGrant(false, owner, "FULL_CONTROL")]);

    public bool IsPublic => Grants.Any(g => g.IsPublic);

    public bool IsCanned(string name) => name == "private" && Grants.Count == 1 && Grants[0] == new AclGrant(false, Owner, "FULL_CONTROL");

    public bool Gives(string permission, string? account, bool ignorePublic) =>
        account == Owner && permission is "READ_ACP" or "WRITE_ACP"
        || Grants.Any(g => g.Gives(permission, account, ignorePublic));

    /// <summary>The canned ACL <paramref name="name"/> for an object or bucket owned by <paramref name="owner"/>.</summary>
    public static AccessControlList Canned(string name, string owner, string bucketOwner)
    {
        var grants = new List<AclGrant> { new(false, owner, "FULL_CONTROL") };
        switch (name)
        {
            case "private": break;
            case "public-read": grants.Add(new(true, AclGrant.AllUsers, "READ")); break;
            case "public-read-write": grants.Add(new(true, AclGrant.AllUsers, "READ")); grants.Add(new(true, AclGrant.AllUsers, "WRITE")); break;
            case "authenticated-read": grants.Add(new(true, AclGrant.AuthenticatedUsers, "READ")); break;
            case "aws-exec-read": break;
            case "bucket-owner-read": if (bucketOwner != owner) grants.Add(new(false, bucketOwner, "READ")); break;
            case "bucket-owner-full-control": if (bucketOwner != owner) grants.Add(new(false, bucketOwner, "FULL_CONTROL")); break;
            case "log-delivery-write": grants.Add(new(true, AclGrant.LogDelivery, "WRITE")); grants.Add(new(true, AclGrant.LogDelivery, "READ_ACP")); break;
            default: throw new S3Exception("InvalidArgument", $"Unknown canned ACL: {name}");
        }
        return new AccessControlList(owner, grants);
    }

    /// <summary>The ACL a write request asks for with x-amz-acl or x-amz-grant-* headers; null when it names none.
    /// Both at once are refused, as S3 does.</summary>
    public static AccessControlList? FromHeaders(IHeaderDictionary headers, string owner, string bucketOwner, Func<string, bool> rootExists)
    {
        var canned = headers["x-amz-acl"].ToString().Trim();
        var grants = new List<AclGrant>();
        foreach (var (header, permission) in GrantHeaders)
        {
            var value = headers[header].ToString();
            if (value.Length == 0) continue;
            foreach (var item in value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
                grants.Add(ParseGrantHeaderItem(item, permission, rootExists));
        }
        if (canned.Length > 0 && grants.Count > 0)
            throw new S3Exception("InvalidRequest", "Specifying both Canned ACLs and Header Grants is not allowed");
        if (canned.Length > 0) return Canned(canned, owner, bucketOwner);
        return grants.Count > 0 ? new AccessControlList(owner, grants) : null;
    }

    private static AclGrant ParseGrantHeaderItem(string item, string permission, Func<string, bool> rootExists)
    {
        var eq = item.IndexOf('=');
        if (eq <= 0) throw new S3Exception("InvalidArgument", "Argument format not recognized");
        var type = item[..eq].Trim();
        var value = item[(eq + 1)..].Trim().Trim('"');
        return type.ToLowerInvariant() switch
        {
            "id" => rootExists(value) ? new AclGrant(false, value, permission) : throw new S3Exception("InvalidArgument", "Invalid id"),
            "uri" => value is AclGrant.AllUsers or AclGrant.AuthenticatedUsers or AclGrant.LogDelivery
                ? new AclGrant(true, value, permission) : throw new S3Exception("InvalidArgument", "Invalid group uri"),
            "emailaddress" => throw new S3Exception("UnresolvableGrantByEmailAddress"),
            _ => throw new S3Exception("InvalidArgument", "Argument format not recognized"),
        };
    }

    /// <summary>Parses a PutBucketAcl/PutObjectAcl AccessControlPolicy body; the owner must stay the owner.</summary>
    public static AccessControlList FromXml(byte[] body, string owner, Func<string, bool> rootExists)
    {
        var root = XmlRequestBody.Parse(body);
        if (root.Name.LocalName != "AccessControlPolicy") throw new S3Exception("MalformedACLError");
        var ownerId = root.Children("Owner").FirstOrDefault()?.ChildValue("ID")?.Trim();
        if (ownerId is not null && ownerId != owner) throw new S3Exception("AccessDenied");
        var list = root.Children("AccessControlList").FirstOrDefault() ?? throw new S3Exception("MalformedACLError");
        var grants = new List<AclGrant>();
        foreach (var grant in list.Children("Grant"))
        {
            var grantee = grant.Children("Grantee").FirstOrDefault() ?? throw new S3Exception("MalformedACLError");
            var permission = grant.ChildValue("Permission")?.Trim();
            if (permission is null || !AclGrant.Permissions.Contains(permission)) throw new S3Exception("MalformedACLError");
            var type = grantee.Attribute(XName.Get("type", XsiNamespace))?.Value;
            if (type == "Group" || (type is null && grantee.ChildValue("URI") is not null))
            {
                var uri = grantee.ChildValue("URI")?.Trim();
                if (uri is not (AclGrant.AllUsers or AclGrant.AuthenticatedUsers or AclGrant.LogDelivery)) throw new S3Exception("InvalidArgument", "Invalid group uri");
                grants.Add(new AclGrant(true, uri, permission));
            }
            else if (type == "AmazonCustomerByEmail") throw new S3Exception("UnresolvableGrantByEmailAddress");
            else
            {
                var id = grantee.ChildValue("ID")?.Trim() ?? throw new S3Exception("MalformedACLError");
                if (!rootExists(id)) throw new S3Exception("InvalidArgument", "Invalid id");
                grants.Add(new AclGrant(false, id, permission));
            }
        }
        return new AccessControlList(owner, grants);
    }

    public byte[] ToXml()
    {
        var xml = new XmlResponse("AccessControlPolicy")
            .Open("Owner").Element("ID", Owner).Element("DisplayName", Owner).Close()
            .Open("AccessControlList");
        foreach (var grant in Grants)
        {
            xml.Open("Grant").OpenTyped("Grantee", XsiNamespace, grant.IsGroup ? "Group" : "CanonicalUser");
            if (grant.IsGroup) xml.Element("URI", grant.Grantee);
            else xml.Element("ID", grant.Grantee).Element("DisplayName", grant.Grantee);
            xml.Close().Element("Permission", grant.Permission).Close();
        }
        return xml.Close().ToArray();
    }

    public string Encode()
    {
        var sb = new StringBuilder(Owner).Append('|');
        for (var i = 0; i < Grants.Count; i++)
        {
            if (i > 0) sb.Append(';');
            sb.Append(Grants[i].Permission).Append(':').Append(Grants[i].IsGroup ? "uri" : "id").Append(':').Append(Grants[i].Grantee);
        }
        return sb.ToString();
    }

    public static AccessControlList Decode(string encoded)
    {
        var bar = encoded.IndexOf('|');
        var owner = encoded[..bar];
        var grants = new List<AclGrant>();
        foreach (var item in encoded[(bar + 1)..].Split(';', StringSplitOptions.RemoveEmptyEntries))
        {
            var parts = item.Split(':', 3);
            grants.Add(new AclGrant(parts[1] == "uri", parts[2], parts[0]));
        }
        return new AccessControlList(owner, grants);
    }
}
