using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using System.Xml;
using System.Xml.Linq;
using Transporter.Store.Engine.Model;

namespace Transporter.Store.Engine.Lifecycle;

/// <summary>
/// A bucket's lifecycle configuration, parsed and validated as S3 does (MalformedXML, InvalidArgument, InvalidRequest
/// with S3's messages) and kept as its canonical XML, which GetBucketLifecycleConfiguration answers. Transitions are
/// refused: this store has one storage class.
/// </summary>
public sealed class LifecycleConfiguration
{
    public const int MaxRules = 1000;
    private const string Namespace = "http://s3.amazonaws.com/doc/2006-03-01/";
    private static readonly ConditionalWeakTable<string, LifecycleConfiguration> Parsed = new();

    private LifecycleConfiguration(IReadOnlyList<LifecycleRule> rules) => Rules = rules;

    public IReadOnlyList<LifecycleRule> Rules { get; }

    /// <summary>The configuration of a stored document (parsed once per document instance).</summary>
    public static LifecycleConfiguration FromStored(string xml) => Parsed.GetValue(xml, static text => Parse(Encoding.UTF8.GetBytes(text)));

    public static LifecycleConfiguration Parse(byte[] body)
    {
        XElement root;
        try
        {
            using var reader = XmlReader.Create(new MemoryStream(body), new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null });
            root = XDocument.Load(reader).Root ?? throw Malformed();
        }
        catch (XmlException)
        {
            throw Malformed();
        }
        if (root.Name.LocalName != "LifecycleConfiguration") throw Malformed();
        var rules = new List<LifecycleRule>();
        foreach (var element in Children(root, "Rule")) rules.Add(ParseRule(element));
        if (rules.Count is 0 or > MaxRules) throw Malformed();
        var ids = rules.Where(r => r.Id is not null).GroupBy(r => r.Id).FirstOrDefault(g => g.Count() > 1);
        if (ids is not null) throw new StoreException(StoreErrorCode.InvalidArgument, "Rule ID must be unique. Found same ID for more than one rule");
        return new LifecycleConfiguration(rules);
    }

    private static LifecycleRule ParseRule(XElement element)
    {
        var id = Value(element, "ID");
        if (id is { Length: > 255 }) throw new StoreException(StoreErrorCode.InvalidArgument, "ID length should not exceed allowed limit of 255");
        var enabled = Value(element, "Status") switch
        {
            "Enabled" => true,
            "Disabled" => false,
            _ => throw Malformed(),
        };
        var legacyPrefix = Value(element, "Prefix");
        var filterElement = Children(element, "Filter").FirstOrDefault();
        if (legacyPrefix is not null && filterElement is not null) throw Malformed();
        var filter = filterElement is not null ? ParseFilter(filterElement) : new LifecycleFilter(legacyPrefix ?? "", [], null, null);
        var rule = new LifecycleRule(id, enabled, filter, legacyPrefix is not null);

        if (Children(element, "Transition").Any() || Children(element, "NoncurrentVersionTransition").Any())
            throw new StoreException(StoreErrorCode.InvalidStorageClass, "The storage class you specified is not valid: this store has only STANDARD.");
        if (Children(element, "Expiration").FirstOrDefault() is { } expiration)
        {
            var days = Value(expiration, "Days");
            var date = Value(expiration, "Date");
            var marker = Value(expiration, "ExpiredObjectDeleteMarker");
            if ((days is not null ? 1 : 0) + (date is not null ? 1 : 0) + (marker is not null ? 1 : 0) != 1) throw Malformed();
            if (days is not null) rule = rule with { ExpirationDays = PositiveInt(days, "'Days' for Expiration action must be a positive integer") };
            if (date is not null) rule = rule with { ExpirationDate = MidnightDate(date) };
            if (marker is not null)
            {
                if (marker is not ("true" or "false")) throw Malformed();
                if (filter.HasTags) throw new StoreException(StoreErrorCode.InvalidRequest, "ExpiredObjectDeleteMarker cannot be specified with a Tag filter.");
                rule = rule with { ExpiredObjectDeleteMarker = marker == "true" };
            }
        }
        if (Children(element, "NoncurrentVersionExpiration").FirstOrDefault() is { } noncurrent)
        {
            var days = Value(noncurrent, "NoncurrentDays") ?? throw Malformed();
            rule = rule with { NoncurrentDays = PositiveInt(days, "'NoncurrentDays' for NoncurrentVersionExpiration action must be a positive integer") };
            if (Value(noncurrent, "NewerNoncurrentVersions") is { } newer)
            {
                var count = PositiveInt(newer, "'NewerNoncurrentVersions' for NoncurrentVersionExpiration action must be a positive integer");
                if (count > 100) throw new StoreException(StoreErrorCode.InvalidArgument, "'NewerNoncurrentVersions' must be between 1 and 100");
                rule = rule with { NewerNoncurrentVersions = count };
            }
        }
        if (Children(element, "AbortIncompleteMultipartUpload").FirstOrDefault() is { } abort)
        {
            if (filter.HasTags) throw new StoreException(StoreErrorCode.InvalidRequest, "AbortIncompleteMultipartUpload cannot be specified with Tags.");
            var days = Value(abort, "DaysAfterInitiation") ?? throw Malformed();
            rule = rule with { AbortAfterDays = PositiveInt(days, "'DaysAfterInitiation' for AbortIncompleteMultipartUpload action must be a positive integer") };
        }
        if (rule.ExpirationDays is null && rule.ExpirationDate is null && !rule.ExpiredObjectDeleteMarker && rule.NoncurrentDays is null
            && rule.AbortAfterDays is null && Value(Children(element, "Expiration").FirstOrDefault(), "ExpiredObjectDeleteMarker") is null)
            throw new StoreException(StoreErrorCode.InvalidRequest, "At least one action needs to be specified in a rule");
        return rule;
    }

    private static LifecycleFilter ParseFilter(XElement filter)
    {
        var parts = filter.Elements().ToList();
        if (parts.Count == 0) return LifecycleFilter.All;
        if (parts.Count > 1) throw Malformed();
        var part = parts[0];
        switch (part.Name.LocalName)
        {
            case "Prefix": return LifecycleFilter.All with { Prefix = part.Value };
            case "Tag": return LifecycleFilter.All with { Tags = [ParseTag(part)] };
            case "ObjectSizeGreaterThan": return LifecycleFilter.All with { SizeGreaterThan = Size(part.Value) };
            case "ObjectSizeLessThan": return LifecycleFilter.All with { SizeLessThan = Size(part.Value) };
            case "And":
                var and = new LifecycleFilter(Value(part, "Prefix") ?? "", Children(part, "Tag").Select(ParseTag).ToList(),
                    Value(part, "ObjectSizeGreaterThan") is { } gt ? Size(gt) : null, Value(part, "ObjectSizeLessThan") is { } lt ? Size(lt) : null);
                if (and.SizeGreaterThan >= and.SizeLessThan)
                    throw new StoreException(StoreErrorCode.InvalidArgument, "ObjectSizeGreaterThan must be less than ObjectSizeLessThan");
                if (and.Tags.Select(t => t.Key).Distinct().Count() != and.Tags.Count)
                    throw new StoreException(StoreErrorCode.InvalidArgument, "Duplicate Tag Keys are not allowed.");
                return and;
            default:
                throw Malformed();
        }
    }

    private static KeyValuePair<string, string> ParseTag(XElement tag)
    {
        var key = Value(tag, "Key") ?? throw Malformed();
        new TagSet([new(key, Value(tag, "Value") ?? "")]).Validate();
        return new(key, Value(tag, "Value") ?? "");
    }

    /// <summary>The canonical document GetBucketLifecycleConfiguration answers.</summary>
    public string ToXml()
    {
        XNamespace ns = Namespace;
        var root = new XElement(ns + "LifecycleConfiguration");
        foreach (var rule in Rules)
        {
            var element = new XElement(ns + "Rule");
            if (rule.Id is not null) element.Add(new XElement(ns + "ID", rule.Id));
            if (rule.LegacyPrefix) element.Add(new XElement(ns + "Prefix", rule.Filter.Prefix));
            else element.Add(FilterXml(ns, rule.Filter));
            element.Add(new XElement(ns + "Status", rule.Enabled ? "Enabled" : "Disabled"));
            if (rule.ExpirationDays is { } days) element.Add(new XElement(ns + "Expiration", new XElement(ns + "Days", days)));
            if (rule.ExpirationDate is { } date) element.Add(new XElement(ns + "Expiration", new XElement(ns + "Date", date.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture))));
            if (rule.ExpiredObjectDeleteMarker) element.Add(new XElement(ns + "Expiration", new XElement(ns + "ExpiredObjectDeleteMarker", "true")));
            if (rule.NoncurrentDays is { } nd)
            {
                var noncurrent = new XElement(ns + "NoncurrentVersionExpiration", new XElement(ns + "NoncurrentDays", nd));
                if (rule.NewerNoncurrentVersions is { } newer) noncurrent.Add(new XElement(ns + "NewerNoncurrentVersions", newer));
                element.Add(noncurrent);
            }
            if (rule.AbortAfterDays is { } ad) element.Add(new XElement(ns + "AbortIncompleteMultipartUpload", new XElement(ns + "DaysAfterInitiation", ad)));
            root.Add(element);
        }
        return new XDocument(new XDeclaration("1.0", "UTF-8", null), root).Declaration + root.ToString(SaveOptions.DisableFormatting);
    }

    private static XElement FilterXml(XNamespace ns, LifecycleFilter f)
    {
        var predicates = new List<XElement>();
        if (f.Prefix.Length > 0) predicates.Add(new XElement(ns + "Prefix", f.Prefix));
        foreach (var (key, value) in f.Tags) predicates.Add(new XElement(ns + "Tag", new XElement(ns + "Key", key), new XElement(ns + "Value", value)));
        if (f.SizeGreaterThan is { } gt) predicates.Add(new XElement(ns + "ObjectSizeGreaterThan", gt));
        if (f.SizeLessThan is { } lt) predicates.Add(new XElement(ns + "ObjectSizeLessThan", lt));
        return predicates.Count switch
        {
            0 => new XElement(ns + "Filter"),
            1 => new XElement(ns + "Filter", predicates[0]),
            _ => new XElement(ns + "Filter", new XElement(ns + "And", predicates)),
        };
    }

    private static int PositiveInt(string text, string message) =>
        int.TryParse(text.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value > 0
            ? value : throw new StoreException(StoreErrorCode.InvalidArgument, message);

    private static long Size(string text) =>
        long.TryParse(text.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? value : throw Malformed();

    private static DateTimeOffset MidnightDate(string text)
    {
        if (!DateTimeOffset.TryParse(text.Trim(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var date))
            throw new StoreException(StoreErrorCode.InvalidArgument, "Invalid date value for Expiration.");
        if (date.TimeOfDay != TimeSpan.Zero) throw new StoreException(StoreErrorCode.InvalidArgument, "'Date' must be at midnight GMT");
        return date;
    }

    private static IEnumerable<XElement> Children(XElement element, string name) => element.Elements().Where(e => e.Name.LocalName == name);

    private static string? Value(XElement? element, string name) => element?.Elements().FirstOrDefault(e => e.Name.LocalName == name)?.Value;

    private static StoreException Malformed() =>
        new(StoreErrorCode.MalformedXML, "The XML you provided was not well-formed or did not validate against our published schema");
}
