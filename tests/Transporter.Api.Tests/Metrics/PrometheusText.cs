using System.Text.Json;
using System.Text.RegularExpressions;
using Transporter.Testing;

namespace Transporter.Api.Tests.Metrics;

/// <summary>Reads a /metrics page back: with the reference parsers (python3-prometheus-client's, for the Prometheus text
/// and OpenMetrics formats) and with a line-by-line check of the text format.</summary>
internal static partial class PrometheusText
{
    private const string ParserScript = """
        import json, sys
        if sys.argv[1] == "openmetrics":
            from prometheus_client.openmetrics.parser import text_string_to_metric_families
        else:
            from prometheus_client.parser import text_string_to_metric_families
        print(json.dumps([{"name": f.name, "type": f.type, "help": f.documentation,
                           "samples": [{"name": s.name, "labels": s.labels, "value": s.value} for s in f.samples]}
                          for f in text_string_to_metric_families(sys.stdin.read())]))
        """;

    public sealed record Sample(string Name, Dictionary<string, string> Labels, double Value);

    public sealed record Family(string Name, string Type, string Help, List<Sample> Samples);

    /// <summary>Parses the Prometheus text format (0.0.4), or with <paramref name="openMetrics"/> the stricter
    /// OpenMetrics parser (which also demands the final "# EOF").</summary>
    public static async Task<List<Family>> ParseAsync(string text, bool openMetrics = false)
    {
        var result = await CommandLine.RunAsync("/usr/bin/python3", ["-c", ParserScript, openMetrics ? "openmetrics" : "text"], stdin: text);
        result.EnsureSuccess();
        return JsonSerializer.Deserialize<List<Family>>(result.StdOut, new JsonSerializerOptions { PropertyNameCaseInsensitive = true })!;
    }

    /// <summary>Prometheus' own linter (Debian's prometheus package) reads the page: `promtool check metrics` fails on a
    /// page it cannot parse and on names against its conventions (counters without _total, units not in the name...).</summary>
    public static async Task AssertPromtoolAcceptsAsync(string text)
    {
        var result = await CommandLine.RunAsync("/usr/bin/promtool", ["check", "metrics"], stdin: text);
        Assert.True(result.ExitCode == 0, $"promtool check metrics: exit code {result.ExitCode}\n{result.StdOut}\n{result.StdErr}");
    }

    /// <summary>Every line is a HELP, a TYPE or a sample of the family last typed; families are not repeated.</summary>
    public static void AssertWellFormed(string text)
    {
        Assert.EndsWith("\n", text);
        string? family = null;
        var seen = new HashSet<string>();
        foreach (var line in text.TrimEnd('\n').Split('\n'))
        {
            if (HelpLine().Match(line) is { Success: true } help)
            {
                family = help.Groups[1].Value;
                Assert.True(seen.Add(family), $"family {family} appears twice");
                continue;
            }
            if (TypeLine().Match(line) is { Success: true } type)
            {
                Assert.Equal(family, type.Groups[1].Value);
                continue;
            }
            var sample = SampleLine().Match(line);
            Assert.True(sample.Success, $"not a sample line: {line}");
            var name = sample.Groups[1].Value;
            Assert.True(name == family || name.StartsWith(family + "_", StringComparison.Ordinal), $"{name} outside its family {family}");
        }
    }

    [GeneratedRegex(@"^# HELP ([a-zA-Z_:][a-zA-Z0-9_:]*) .*$")]
    private static partial Regex HelpLine();

    [GeneratedRegex(@"^# TYPE ([a-zA-Z_:][a-zA-Z0-9_:]*) (counter|gauge|histogram)$")]
    private static partial Regex TypeLine();

    [GeneratedRegex("""^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{[a-zA-Z_][a-zA-Z0-9_]*="(?:[^"\\\n]|\\[\\"n])*"(?:,[a-zA-Z_][a-zA-Z0-9_]*="(?:[^"\\\n]|\\[\\"n])*")*\})? (-?[0-9.eE+-]+|\+Inf|-Inf|NaN)$""")]
    private static partial Regex SampleLine();
}
