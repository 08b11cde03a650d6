using System.Globalization;
using System.Runtime.CompilerServices;
using Transporter.Store.Protocol.Errors;
using Transporter.Store.Protocol.Xml;

namespace Transporter.Store.Protocol.Cors;

/// <summary>
/// A bucket's CORS configuration: parsed and validated as S3 does (1 to 100 rules, each with origins and methods among
/// GET, PUT, POST, DELETE, HEAD, at most one '*' per origin or header), kept as the canonical XML that GetBucketCors
/// answers, and parsed once per stored document for the requests that consult it.
/// </summary>
internal sealed class CorsConfiguration
{
    private const int MaxRules = 100;
    private static readonly string[] Methods = ["GET", "PUT", "POST", "DELETE", "HEAD"];
    private static readonly ConditionalWeakTable<string, CorsConfiguration> Parsed = new();

    private CorsConfiguration(IReadOnlyList<CorsRule> rules) => Rules = rules;

    public IReadOnlyList<CorsRule> Rules { get; }

    /// <summary>The configuration of a stored document (parsed once per document instance).</summary>
    public static CorsConfiguration FromStored(string xml) => Parsed.GetValue(xml, static text => Parse(System.Text.Encoding.UTF8.GetBytes(text)));

    /// <summary>Parses a PutBucketCors body: MalformedXML or InvalidRequest where S3 refuses it.</summary>
    public static CorsConfiguration Parse(byte[] body)
    {
        var root = XmlRequestBody.Parse(body);
        if (root.Name.LocalName != "CORSConfiguration") throw new S3Exception("MalformedXML");
        var rules = new List<CorsRule>();
        foreach (var element in root.Children("CORSRule"))
        {
            var origins = element.Children("AllowedOrigin").Select(e => e.Value.Trim()).ToList();
            var methods = element.Children("AllowedMethod").Select(e => e.Value.Trim()).ToList();
            var headers = element.Children("AllowedHeader").Select(e => e.Value.Trim()).ToList();
            var expose = element.Children("ExposeHeader").Select(e => e.Value.Trim()).ToList();
            if (origins.Count == 0 || methods.Count == 0) throw new S3Exception("MalformedXML");
            foreach (var method in methods)
                if (!Methods.Contains(method, StringComparer.Ordinal))
                    throw new S3Exception("InvalidRequest", $"Found unsupported HTTP method in CORS config. Unsupported method is {method}");
            foreach (var origin in origins)
                if (origin.Count(c => c == '*') > 1)
                    throw new S3Exception("InvalidRequest", $"AllowedOrigin \"{origin}\" can not have more than one wildcard.");
            foreach (var header in headers)
                if (header.Count(c => c == '*') > 1)
                    throw new S3Exception("InvalidRequest", $"AllowedHeader \"{header}\" can not have more than one wildcard.");
            int? maxAge = null;
            if (element.ChildValue("MaxAgeSeconds") is { } text)
            {
                if (!int.TryParse(text.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)) throw new S3Exception("MalformedXML");
                maxAge = seconds;
            }
            rules.Add(new CorsRule(element.ChildValue("ID"), origins, methods, headers, expose, maxAge));
        }
        if (rules.Count is 0 or > MaxRules) throw new S3Exception("MalformedXML", $"A CORS configuration holds 1 to {MaxRules} rules.");
        return new CorsConfiguration(rules);
    }

    /// <summary>The canonical document GetBucketCors answers and the store keeps.</summary>
    public string ToXml()
    {
        var xml = new XmlResponse("CORSConfiguration");
        foreach (var rule in Rules)
        {
            xml.Open("CORSRule").Element("ID", rule.Id);
            foreach (var h in rule.AllowedHeaders) xml.Element("AllowedHeader", h);
            foreach (var m in rule.AllowedMethods) xml.Element("AllowedMethod", m);
            foreach (var o in rule.AllowedOrigins) xml.Element("AllowedOrigin", o);
            foreach (var e in rule.ExposeHeaders) xml.Element("ExposeHeader", e);
            if (rule.MaxAgeSeconds is { } age) xml.Element("MaxAgeSeconds", age);
            xml.Close();
        }
        return System.Text.Encoding.UTF8.GetString(xml.ToArray());
    }

    /// <summary>The first rule allowing <paramref name="origin"/>, <paramref name="method"/> and every header named.</summary>
    public CorsRule? Match(string origin, string method, IReadOnlyCollection<string> requestHeaders) =>
        Rules.FirstOrDefault(r => r.MatchesOrigin(origin) && r.AllowsMethod(method) && r.AllowsHeaders(requestHeaders));
}
