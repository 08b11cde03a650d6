using System.Text.Json;
using System.Text.RegularExpressions;
using Transporter.Testing;

namespace Transporter.Deployment.Tests.Helm;

/// <summary>
/// The Helm chart read statically (no Helm binary runs here). A template becomes parseable YAML by dropping lines that
/// hold only a template action and replacing inline actions with a placeholder scalar "x"; the chart's templates keep
/// to that shape (actions alone on their line, or inside a scalar) so that this stays reliable.
/// </summary>
internal static partial class Chart
{
    public static string Dir => Path.Combine(RepoPaths.Root, "charts", "transporter");

    public static string TemplatesDir => Path.Combine(Dir, "templates");

    public static string Template(string name) => File.ReadAllText(Path.Combine(TemplatesDir, name));

    public static IEnumerable<string> ManifestTemplates() =>
        Directory.GetFiles(TemplatesDir, "*.yaml").Select(f => Path.GetFileName(f)).Order();

    public static Task<JsonElement> ValuesAsync() => Yaml.ParseFileAsync(Path.Combine(Dir, "values.yaml"));

    public static string WithoutActions(string template)
    {
        var lines = template.Split('\n').Where(line => !ActionOnlyLine().IsMatch(line));
        return InlineAction().Replace(string.Join('\n', lines), "x");
    }

    /// <summary>The manifest of a template with its template actions removed (see the class summary).</summary>
    public static Task<JsonElement> SkeletonAsync(string templateName) => Yaml.ParseAsync(WithoutActions(Template(templateName)));

    /// <summary>Every .Values.a.b.c path a template refers to.</summary>
    public static IEnumerable<string[]> ValuesPaths(string template) =>
        ValuesPath().Matches(template).Select(m => m.Groups[1].Value.Split('.', StringSplitOptions.RemoveEmptyEntries)).DistinctBy(p => string.Join('.', p));

    public static int BlockOpenings(string template) => BlockOpening().Count(template);

    public static int BlockEnds(string template) => BlockEnd().Count(template);

    public static IEnumerable<string> Includes(string template) => Include().Matches(template).Select(m => m.Groups[1].Value).Distinct();

    public static IEnumerable<string> Defines(string template) => Define().Matches(template).Select(m => m.Groups[1].Value);

    [GeneratedRegex(@"^\s*\{\{.*\}\}\s*$")]
    private static partial Regex ActionOnlyLine();

    [GeneratedRegex(@"\{\{.*?\}\}")]
    private static partial Regex InlineAction();

    [GeneratedRegex(@"\.Values((?:\.[A-Za-z_][A-Za-z0-9_]*)+)")]
    private static partial Regex ValuesPath();

    [GeneratedRegex(@"\{\{-?\s*(?:if|range|with|define)\b")]
    private static partial Regex BlockOpening();

    [GeneratedRegex(@"\{\{-?\s*end\s*-?\}\}")]
    private static partial Regex BlockEnd();

    [GeneratedRegex(@"include\s+""([^""]+)""")]
    private static partial Regex Include();

    [GeneratedRegex(@"define\s+""([^""]+)""")]
    private static partial Regex Define();
}
