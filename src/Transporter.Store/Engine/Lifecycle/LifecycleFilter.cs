using Transporter.Store.Engine.Model;

namespace Transporter.Store.Engine.Lifecycle;

/// <summary>Which objects a rule applies to: a key prefix, tags (all must match), and object size bounds.</summary>
public sealed record LifecycleFilter(string Prefix, IReadOnlyList<KeyValuePair<string, string>> Tags, long? SizeGreaterThan, long? SizeLessThan)
{
    public static readonly LifecycleFilter All = new("", [], null, null);

    public bool HasTags => Tags.Count > 0;

    public bool Matches(string key, long size, Func<TagSet> tags)
    {
        if (!key.StartsWith(Prefix, StringComparison.Ordinal)) return false;
        if (SizeGreaterThan is { } min && size <= min) return false;
        if (SizeLessThan is { } max && size >= max) return false;
        if (Tags.Count == 0) return true;
        var actual = tags().Tags;
        return Tags.All(t => actual.Any(a => a.Key == t.Key && a.Value == t.Value));
    }
}
