using System.Globalization;
using System.Text;

namespace Transporter.Api.Metrics;

/// <summary>Renders families in the Prometheus text exposition format 0.0.4 (HELP/TYPE lines, escaped labels,
/// histograms as cumulative _bucket series with le, plus _sum and _count).</summary>
internal static class PrometheusTextWriter
{
    public const string ContentType = "text/plain; version=0.0.4; charset=utf-8";

    public static void Write(StringBuilder text, IEnumerable<InstrumentState> instruments)
    {
        var written = new HashSet<string>(StringComparer.Ordinal);
        foreach (var family in instruments.GroupBy(i => i.Name).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var first = family.First();
            // Two instruments with one Prometheus name but different types cannot share a family: keep the first.
            var members = family.Where(i => i.Kind == first.Kind).ToList();
            if (!written.Add(first.Name)) continue;
            text.Append("# HELP ").Append(first.Name).Append(' ').Append(EscapeHelp(first.Help)).Append('\n');
            text.Append("# TYPE ").Append(first.Name).Append(' ').Append(first.Kind switch
            {
                MetricKind.Counter => "counter",
                MetricKind.Gauge => "gauge",
                _ => "histogram",
            }).Append('\n');
            foreach (var instrument in members)
            foreach (var series in instrument.Series())
            {
                var (value, buckets, sum, count) = series.Snapshot();
                if (instrument.Kind != MetricKind.Histogram)
                {
                    Sample(text, first.Name, series.Labels, null, value);
                    continue;
                }
                long cumulative = 0;
                for (var i = 0; i < instrument.Bounds.Length; i++)
                {
                    cumulative += buckets[i];
                    Sample(text, first.Name + "_bucket", series.Labels, Number(instrument.Bounds[i]), cumulative);
                }
                Sample(text, first.Name + "_bucket", series.Labels, "+Inf", count);
                Sample(text, first.Name + "_sum", series.Labels, null, sum);
                Sample(text, first.Name + "_count", series.Labels, null, count);
            }
        }
    }

    private static void Sample(StringBuilder text, string name, IReadOnlyList<KeyValuePair<string, string>> labels, string? le, double value)
    {
        text.Append(name);
        if (labels.Count > 0 || le is not null)
        {
            text.Append('{');
            var comma = false;
            foreach (var (key, labelValue) in labels)
            {
                if (comma) text.Append(',');
                text.Append(key).Append("=\"").Append(EscapeLabel(labelValue)).Append('"');
                comma = true;
            }
            if (le is not null) text.Append(comma ? "," : "").Append("le=\"").Append(le).Append('"');
            text.Append('}');
        }
        text.Append(' ').Append(Number(value)).Append('\n');
    }

    internal static string Number(double value) => value switch
    {
        double.PositiveInfinity => "+Inf",
        double.NegativeInfinity => "-Inf",
        double.NaN => "NaN",
        _ => value.ToString("R", CultureInfo.InvariantCulture),
    };

    internal static string EscapeLabel(string value) => value.Replace("\\", @"\\").Replace("\"", "\\\"").Replace("\n", @"\n");

    internal static string EscapeHelp(string value) => value.Replace("\\", @"\\").Replace("\n", @"\n");
}
