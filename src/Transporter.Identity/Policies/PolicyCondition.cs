using System.Globalization;
using System.Net;

namespace Transporter.Identity.Policies;

/// <summary>
/// One condition of a statement: an operator ("StringLike", "IpAddress", "ForAnyValue:StringEquals",
/// "NumericLessThanIfExists"...), a key ("s3:prefix", "aws:SourceIp", "s3:ExistingObjectTag/color") and its values.
/// A key the request has no value for fails the condition, except with ...IfExists, the negated operators and Null.
/// </summary>
public sealed record PolicyCondition(string Operator, string Key, IReadOnlyList<string> Values)
{
    private static readonly string[] Operators =
    [
        "StringEquals", "StringNotEquals", "StringEqualsIgnoreCase", "StringNotEqualsIgnoreCase", "StringLike", "StringNotLike",
        "NumericEquals", "NumericNotEquals", "NumericLessThan", "NumericLessThanEquals", "NumericGreaterThan", "NumericGreaterThanEquals",
        "DateEquals", "DateNotEquals", "DateLessThan", "DateLessThanEquals", "DateGreaterThan", "DateGreaterThanEquals",
        "Bool", "IpAddress", "NotIpAddress", "ArnEquals", "ArnLike", "ArnNotEquals", "ArnNotLike", "Null", "BinaryEquals",
    ];

    /// <summary>Refuses operators IAM does not know (MalformedPolicy).</summary>
    public static void Validate(string op)
    {
        var baseOperator = BaseOperator(op, out _, out _);
        if (!Operators.Contains(baseOperator, StringComparer.Ordinal)) throw new PolicyException($"Invalid Condition type : {op}");
    }

    public bool Holds(PolicyRequest request)
    {
        var op = BaseOperator(Operator, out var ifExists, out var set);
        var actual = request.ConditionValues(Key);
        if (op == "Null")
        {
            var isNull = actual is null || actual.Count == 0;
            return Values.Any(v => bool.TryParse(v, out var wanted) && wanted == isNull);
        }
        if (actual is null || actual.Count == 0)
        {
            if (ifExists) return true;
            // A negated operator holds when there is nothing to match (except over a set with ForAnyValue).
            return set != "ForAnyValue" && IsNegated(op);
        }
        return set switch
        {
            "ForAllValues" => actual.All(a => Compare(op, a)),
            _ => IsNegated(op) ? actual.All(a => Compare(op, a)) : actual.Any(a => Compare(op, a)),
        };
    }

    private bool Compare(string op, string actual) => op switch
    {
        "StringEquals" or "ArnEquals" or "BinaryEquals" => Values.Any(v => v == actual),
        "StringNotEquals" or "ArnNotEquals" => Values.All(v => v != actual),
        "StringEqualsIgnoreCase" => Values.Any(v => string.Equals(v, actual, StringComparison.OrdinalIgnoreCase)),
        "StringNotEqualsIgnoreCase" => Values.All(v => !string.Equals(v, actual, StringComparison.OrdinalIgnoreCase)),
        "StringLike" or "ArnLike" => Values.Any(v => WildcardPattern.Matches(v, actual)),
        "StringNotLike" or "ArnNotLike" => Values.All(v => !WildcardPattern.Matches(v, actual)),
        "Bool" => Values.Any(v => string.Equals(v, actual, StringComparison.OrdinalIgnoreCase)),
        "IpAddress" => Values.Any(v => InRange(actual, v)),
        "NotIpAddress" => Values.All(v => !InRange(actual, v)),
        _ when op.StartsWith("Numeric", StringComparison.Ordinal) => NumericCompare(op, actual),
        _ when op.StartsWith("Date", StringComparison.Ordinal) => DateCompare(op, actual),
        _ => false,
    };

    private bool NumericCompare(string op, string actual)
    {
        if (!decimal.TryParse(actual, NumberStyles.Number, CultureInfo.InvariantCulture, out var a)) return false;
        var values = Values.Select(v => decimal.TryParse(v, NumberStyles.Number, CultureInfo.InvariantCulture, out var d) ? d : (decimal?)null).ToList();
        return op switch
        {
            "NumericEquals" => values.Any(v => v == a),
            "NumericNotEquals" => values.All(v => v != a),
            "NumericLessThan" => values.Any(v => a < v),
            "NumericLessThanEquals" => values.Any(v => a <= v),
            "NumericGreaterThan" => values.Any(v => a > v),
            _ => values.Any(v => a >= v),
        };
    }

    private bool DateCompare(string op, string actual)
    {
        if (ParseDate(actual) is not { } a) return false;
        var values = Values.Select(ParseDate).ToList();
        return op switch
        {
            "DateEquals" => values.Any(v => v == a),
            "DateNotEquals" => values.All(v => v != a),
            "DateLessThan" => values.Any(v => a < v),
            "DateLessThanEquals" => values.Any(v => a <= v),
            "DateGreaterThan" => values.Any(v => a > v),
            _ => values.Any(v => a >= v),
        };
    }

    private static DateTimeOffset? ParseDate(string text)
    {
        if (long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var epoch)) return DateTimeOffset.FromUnixTimeSeconds(epoch);
        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var date) ? date : null;
    }

    /// <summary>True when <paramref name="address"/> is inside <paramref name="cidr"/> ("192.0.2.0/24", "2001:db8::/32", or one address).</summary>
    private static bool InRange(string address, string cidr)
    {
        if (!IPAddress.TryParse(address, out var ip)) return false;
        if (ip.IsIPv4MappedToIPv6) ip = ip.MapToIPv4();
        return IPNetwork.TryParse(cidr.Contains('/') ? cidr : cidr + (cidr.Contains(':') ? "/128" : "/32"), out var network) && network.Contains(ip);
    }

    private static bool IsNegated(string op) => op.Contains("Not", StringComparison.Ordinal);

    private static string BaseOperator(string op, out bool ifExists, out string? set)
    {
        set = null;
        var colon = op.IndexOf(':');
        if (colon >= 0)
        {
            set = op[..colon];
            op = op[(colon + 1)..];
            if (set is not ("ForAnyValue" or "ForAllValues")) throw new PolicyException($"Invalid Condition type : {set}:{op}");
        }
        ifExists = op.EndsWith("IfExists", StringComparison.Ordinal);
        return ifExists ? op[..^"IfExists".Length] : op;
    }
}
