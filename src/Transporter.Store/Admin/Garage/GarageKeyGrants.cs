using System.Text.Json.Nodes;
using Transporter.Identity.Accounts;

namespace Transporter.Store.Admin.Garage;

/// <summary>
/// BucketAllowKey / BucketDenyKey read and write for a key of another root, kept as statements of the bucket's policy:
/// a bucket policy is how this store lets another root in, so the grants act on every request exactly as a policy an
/// owner writes with aws s3api put-bucket-policy would, and the operator reads them back there. One statement per key
/// and permission (Sid "GarageRead" or "GarageWrite" + the key id) names the key's user as principal; other statements
/// of the policy are kept as they are.
/// </summary>
internal static class GarageKeyGrants
{
    private const string ReadSid = "GarageRead";
    private const string WriteSid = "GarageWrite";

    private static readonly string[] ReadActions =
        ["s3:ListBucket", "s3:ListBucketVersions", "s3:GetBucketLocation", "s3:GetObject", "s3:GetObjectVersion", "s3:GetObjectTagging", "s3:GetObjectVersionTagging"];

    private static readonly string[] WriteActions =
        ["s3:PutObject", "s3:DeleteObject", "s3:DeleteObjectVersion", "s3:PutObjectTagging", "s3:DeleteObjectTagging", "s3:AbortMultipartUpload",
         "s3:ListMultipartUploadParts", "s3:ListBucketMultipartUploads"];

    /// <summary>What the policy grants the key.</summary>
    public static (bool Read, bool Write) Of(string? policy, string accessKeyId)
    {
        var sids = Statements(policy).Select(Sid).ToHashSet(StringComparer.Ordinal);
        return (sids.Contains(ReadSid + accessKeyId), sids.Contains(WriteSid + accessKeyId));
    }

    /// <summary>The keys the policy's grant statements name.</summary>
    public static IReadOnlyList<string> KeyIds(string? policy) =>
        Statements(policy).Select(Sid).Select(sid => sid.StartsWith(ReadSid, StringComparison.Ordinal) ? sid[ReadSid.Length..]
                : sid.StartsWith(WriteSid, StringComparison.Ordinal) ? sid[WriteSid.Length..] : null)
            .OfType<string>().Where(id => id.Length > 0).Distinct(StringComparer.Ordinal).ToList();

    /// <summary>The policy with the key's read and write grants set (true), removed (false) or left (null); null when no
    /// statement is left.</summary>
    public static string? With(string? policy, string bucket, AccessKeyInfo key, bool? read, bool? write)
    {
        var document = policy is null ? new JsonObject { ["Version"] = "2012-10-17" } : JsonNode.Parse(policy)!.AsObject();
        var statements = Statements(policy).Select(s => s.DeepClone()).ToList();
        Set(statements, ReadSid + key.AccessKeyId, read, () => Statement(ReadSid + key.AccessKeyId, key, ReadActions, bucket));
        Set(statements, WriteSid + key.AccessKeyId, write, () => Statement(WriteSid + key.AccessKeyId, key, WriteActions, bucket));
        if (statements.Count == 0) return null;
        document["Statement"] = new JsonArray([.. statements]);
        return document.ToJsonString();
    }

    private static void Set(List<JsonNode> statements, string sid, bool? granted, Func<JsonObject> statement)
    {
        if (granted is null) return;
        statements.RemoveAll(s => Sid(s) == sid);
        if (granted == true) statements.Add(statement());
    }

    private static JsonObject Statement(string sid, AccessKeyInfo key, string[] actions, string bucket) => new()
    {
        ["Sid"] = sid,
        ["Effect"] = "Allow",
        ["Principal"] = new JsonObject { ["AWS"] = $"arn:aws:iam::{key.Root}:user/{key.UserName}" },
        ["Action"] = new JsonArray([.. actions.Select(a => (JsonNode)a)]),
        ["Resource"] = new JsonArray($"arn:aws:s3:::{bucket}", $"arn:aws:s3:::{bucket}/*"),
    };

    private static IEnumerable<JsonNode> Statements(string? policy)
    {
        if (policy is null) return [];
        return JsonNode.Parse(policy)?["Statement"] switch
        {
            JsonArray array => array.OfType<JsonNode>(),
            JsonObject single => [single],
            _ => [],
        };
    }

    private static string Sid(JsonNode statement) => statement["Sid"] is JsonValue sid && sid.TryGetValue<string>(out var text) ? text : "";
}
