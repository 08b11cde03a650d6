using System.Text.Json;

namespace Transporter.Identity.Policies;

/// <summary>
/// An IAM policy document (bucket policies here, IAM user policies with the identity work): parsed from its JSON with
/// the checks IAM makes, and evaluated by <see cref="PolicyEvaluator"/>. HTTP-free; the S3 layer builds the
/// <see cref="PolicyRequest"/>.
/// </summary>
public sealed class PolicyDocument
{
    /// <summary>S3's limit on a bucket policy.</summary>
    public const int MaxBucketPolicyBytes = 20 * 1024;

    private PolicyDocument(string? version, IReadOnlyList<PolicyStatement> statements)
    {
        Version = version;
        Statements = statements;
    }

    public string? Version { get; }
    public IReadOnlyList<PolicyStatement> Statements { get; }

    /// <summary>True when a statement allows everyone without a narrowing condition.</summary>
    public bool IsPublic => Statements.Any(s => s.IsPublicAllow);

    /// <param name="requirePrincipal">Bucket (resource) policies must name principals; identity policies must not.</param>
    public static PolicyDocument Parse(string json, bool requirePrincipal)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Disallow });
        }
        catch (JsonException)
        {
            throw new PolicyException("Policies must be valid JSON and the first byte must be '{'");
        }
        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object) throw new PolicyException("Policies must be valid JSON and the first byte must be '{'");
            string? version = null;
            if (root.TryGetProperty(nameof(Version), out var v))
            {
                version = v.GetString();
                if (version is not ("2012-10-17" or "2008-10-17")) throw new PolicyException("The policy must contain a valid version string");
            }
            if (!root.TryGetProperty("Statement", out var statementElement)) throw new PolicyException("Missing required field Statement");
            var statements = new List<PolicyStatement>();
            IEnumerable<JsonElement> items = statementElement.ValueKind == JsonValueKind.Array ? statementElement.EnumerateArray() : [statementElement];
            foreach (var s in items)
                statements.Add(ParseStatement(s, requirePrincipal));
            if (statements.Count == 0) throw new PolicyException("Missing required field Statement");
            return new PolicyDocument(version, statements);
        }
    }

    private static PolicyStatement ParseStatement(JsonElement s, bool requirePrincipal)
    {
        if (s.ValueKind != JsonValueKind.Object) throw new PolicyException("Statement is not an object");
        var effect = Text(s, "Effect") switch
        {
            "Allow" => PolicyEffect.Allow,
            "Deny" => PolicyEffect.Deny,
            null => throw new PolicyException("Missing required field Effect"),
            var other => throw new PolicyException($"Invalid effect: {other}"),
        };
        var principal = s.TryGetProperty("Principal", out var p) ? ParsePrincipal(p) : null;
        var notPrincipal = s.TryGetProperty("NotPrincipal", out var np) ? ParsePrincipal(np) : null;
        if (requirePrincipal && principal is null && notPrincipal is null) throw new PolicyException("Missing required field Principal");
        if (!requirePrincipal && (principal is not null || notPrincipal is not null))
            throw new PolicyException("Policy document should not specify a principal.");
        var (actions, notAction) = Pair(s, "Action", "NotAction");
        foreach (var action in actions)
            if (action != "*" && !action.Contains(':')) throw new PolicyException("Policy has invalid action");
        var (resources, notResource) = Pair(s, "Resource", "NotResource");
        foreach (var resource in resources)
            if (resource != "*" && !resource.StartsWith("arn:", StringComparison.Ordinal)) throw new PolicyException("Policy has invalid resource");
        var conditions = new List<PolicyCondition>();
        if (s.TryGetProperty("Condition", out var c))
        {
            if (c.ValueKind != JsonValueKind.Object) throw new PolicyException("Syntax errors in policy.");
            foreach (var op in c.EnumerateObject())
            {
                PolicyCondition.Validate(op.Name);
                if (op.Value.ValueKind != JsonValueKind.Object) throw new PolicyException("Syntax errors in policy.");
                foreach (var key in op.Value.EnumerateObject())
                    conditions.Add(new PolicyCondition(op.Name, key.Name, Strings(key.Value)));
            }
        }
        return new PolicyStatement(Text(s, "Sid"), effect, principal, notPrincipal, actions, notAction, resources, notResource, conditions);
    }

    private static PolicyPrincipal ParsePrincipal(JsonElement p)
    {
        if (p.ValueKind == JsonValueKind.String)
        {
            if (p.GetString() == "*") return PolicyPrincipal.Anyone;
            throw new PolicyException("Invalid principal in policy");
        }
        if (p.ValueKind != JsonValueKind.Object) throw new PolicyException("Invalid principal in policy");
        var everyone = false;
        var accounts = new List<string>();
        var users = new List<(string, string)>();
        foreach (var kind in p.EnumerateObject())
        {
            switch (kind.Name)
            {
                case "AWS":
                    foreach (var value in Strings(kind.Value)) PolicyPrincipal.Add(value, accounts, users, ref everyone);
                    break;
                case "CanonicalUser":
                    accounts.AddRange(Strings(kind.Value));
                    break;
                case "Service" or "Federated":
                    break; // no such principals call this store
                default:
                    throw new PolicyException("Invalid principal in policy");
            }
        }
        return new PolicyPrincipal(everyone, accounts, users);
    }

    private static (IReadOnlyList<string> Values, bool Negated) Pair(JsonElement s, string name, string notName)
    {
        var has = s.TryGetProperty(name, out var value);
        var hasNot = s.TryGetProperty(notName, out var notValue);
        if (has == hasNot) throw new PolicyException(has ? $"Statement can only have one of {name} and {notName}" : $"Missing required field {name}");
        var values = Strings(has ? value : notValue);
        if (values.Count == 0) throw new PolicyException($"Missing required field {name}");
        return (values, hasNot);
    }

    private static IReadOnlyList<string> Strings(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.String => [element.GetString()!],
        JsonValueKind.Array => element.EnumerateArray().Select(e => e.ValueKind == JsonValueKind.String ? e.GetString()! : e.GetRawText()).ToList(),
        JsonValueKind.True or JsonValueKind.False or JsonValueKind.Number => [element.GetRawText()],
        _ => throw new PolicyException("Syntax errors in policy."),
    };

    private static string? Text(JsonElement s, string name) => s.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
}
