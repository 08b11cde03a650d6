using System.Text;

namespace Transporter.Api.Metrics;

/// <summary>OpenTelemetry-style instrument names and units to Prometheus metric and label names.</summary>
public static class PrometheusNames
{
    /// <summary>"transporter.s3.request.duration" with unit "s" → "transporter_s3_request_duration_seconds"; counters end in "_total".</summary>
    public static string Metric(string instrumentName, string? unit, bool isCounter)
    {
        var name = Sanitize(instrumentName, allowColon: true);
        var suffix = unit switch
        {
            "s" => "seconds",
            "ms" => "milliseconds",
            "By" => "bytes",
            _ => null, // "{object}" and other annotations add nothing
        };
        if (suffix is not null && !name.EndsWith("_" + suffix, StringComparison.Ordinal)) name += "_" + suffix;
        if (isCounter && !name.EndsWith("_total", StringComparison.Ordinal)) name += "_total";
        return name;
    }

    public static string Label(string tagName) => Sanitize(tagName, allowColon: false);

    private static string Sanitize(string name, bool allowColon)
    {
        var text = new StringBuilder(name.Length + 1);
        foreach (var c in name)
            text.Append(char.IsAsciiLetterOrDigit(c) || c == '_' || (allowColon && c == ':') ? c : '_');
        if (text.Length == 0 || char.IsAsciiDigit(text[0])) text.Insert(0, '_');
        return text.ToString();
    }
}
