using System.Globalization;
using System.Text;
using System.Text.Json;
using Transporter.Store.Protocol.Errors;

namespace Transporter.Store.Protocol.PostObject;

/// <summary>
/// The policy document of a browser form upload: an expiration and conditions every form field must meet (exact
/// matches {"field": "value"} or ["eq", "$field", "value"], prefixes ["starts-with", "$field", "prefix"], and
/// ["content-length-range", min, max]); a field no condition names is refused, as S3 does.
/// </summary>
internal sealed class PostPolicy
{
    /// <summary>Fields that never need a condition.</summary>
    private static readonly HashSet<string> Exempt = new(StringComparer.OrdinalIgnoreCase)
    {
        "policy", "x-amz-signature", "signature", "awsaccesskeyid", "file", "x-amz-security-token",
    };

    private readonly List<(string Operator, string Field, string Value)> _conditions = [];

    private PostPolicy(DateTimeOffset expiration) => Expiration = expiration;

    public DateTimeOffset Expiration { get; }
    public long? MinLength { get; private set; }
    public long? MaxLength { get; private set; }

    public static PostPolicy Parse(string base64)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(Encoding.UTF8.GetString(Convert.FromBase64String(base64)));
        }
        catch (Exception e) when (e is FormatException or JsonException)
        {
            throw new S3Exception("InvalidPolicyDocument", "Invalid Policy: Invalid JSON.");
        }
        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("expiration", out var exp) || exp.ValueKind != JsonValueKind.String
                || !DateTimeOffset.TryParse(exp.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var expiration))
                throw new S3Exception("InvalidPolicyDocument", "Invalid Policy: Invalid 'expiration' value.");
            var policy = new PostPolicy(expiration);
            if (!root.TryGetProperty("conditions", out var conditions) || conditions.ValueKind != JsonValueKind.Array)
                throw new S3Exception("InvalidPolicyDocument", "Invalid Policy: Policy missing conditions.");
            foreach (var condition in conditions.EnumerateArray()) policy.AddCondition(condition);
            return policy;
        }
    }

    private void AddCondition(JsonElement condition)
    {
        if (condition.ValueKind == JsonValueKind.Object)
        {
            foreach (var property in condition.EnumerateObject())
                _conditions.Add(("eq", property.Name, Text(property.Value)));
            return;
        }
        if (condition.ValueKind != JsonValueKind.Array || condition.GetArrayLength() != 3)
            throw new S3Exception("InvalidPolicyDocument", "Invalid Policy: Invalid Simple-Condition: wrong number of parameters.");
        var op = Text(condition[0]).ToLowerInvariant();
        if (op == "content-length-range")
        {
            if (!long.TryParse(Text(condition[1]), out var min) || !long.TryParse(Text(condition[2]), out var max) || min < 0 || max < min)
                throw new S3Exception("InvalidPolicyDocument", "Invalid Policy: Invalid content-length-range.");
            (MinLength, MaxLength) = (min, max);
            return;
        }
        if (op is not ("eq" or "starts-with")) throw new S3Exception("InvalidPolicyDocument", $"Invalid Policy: Invalid condition operator: {op}.");
        var field = Text(condition[1]);
        if (!field.StartsWith('$')) throw new S3Exception("InvalidPolicyDocument", "Invalid Policy: Field names must start with $.");
        _conditions.Add((op, field[1..], Text(condition[2])));
    }

    /// <summary>AccessDenied ("Invalid according to Policy: ...") unless the policy is current and every field meets it.</summary>
    /// <param name="fields">Form fields by lower-case name; "bucket" is the bucket the form posts to.</param>
    public void Check(IReadOnlyDictionary<string, string> fields, DateTimeOffset now)
    {
        if (Expiration <= now) throw new S3Exception("AccessDenied", "Invalid according to Policy: Policy expired.");
        foreach (var (op, field, value) in _conditions)
        {
            var actual = fields.TryGetValue(field.ToLowerInvariant(), out var v) ? v : "";
            var holds = op == "eq" ? actual == value : actual.StartsWith(value, StringComparison.Ordinal);
            if (!holds) throw new S3Exception("AccessDenied", $"Invalid according to Policy: Policy Condition failed: [\"{op}\", \"${field}\", \"{value}\"]");
        }
        foreach (var name in fields.Keys)
        {
            if (Exempt.Contains(name) || name == "bucket" || name.StartsWith("x-ignore-", StringComparison.OrdinalIgnoreCase)) continue;
            if (!_conditions.Any(c => string.Equals(c.Field, name, StringComparison.OrdinalIgnoreCase)))
                throw new S3Exception("AccessDenied", $"Invalid according to Policy: Extra input fields: {name}");
        }
    }

    private static string Text(JsonElement element) => element.ValueKind == JsonValueKind.String ? element.GetString()! : element.GetRawText();
}
