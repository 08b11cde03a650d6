using System.Text.Json;
using System.Text.RegularExpressions;
using Transporter.Testing;

namespace Transporter.Deployment.Tests.Docker;

/// <summary>One instruction of a Dockerfile, continuation lines joined; <see cref="Stage"/> counts FROMs from 0.</summary>
internal sealed record DockerInstruction(string Keyword, string Arguments, int Stage);

/// <summary>A Dockerfile read into instructions (no Docker engine runs here to build it).</summary>
internal sealed partial class Dockerfile
{
    private Dockerfile(string path, IReadOnlyList<DockerInstruction> instructions)
    {
        Path = path;
        Instructions = instructions;
    }

    public string Path { get; }

    public IReadOnlyList<DockerInstruction> Instructions { get; }

    public int FinalStage => Instructions.Max(i => i.Stage);

    public static Dockerfile Load(string relativePath)
    {
        var path = System.IO.Path.Combine(RepoPaths.Root, relativePath);
        var logical = new List<string>();
        var pending = "";
        foreach (var raw in File.ReadAllLines(path))
        {
            var line = raw.Trim();
            if (pending.Length == 0 && (line.Length == 0 || line.StartsWith('#'))) continue;
            if (line.EndsWith('\\')) { pending += line[..^1] + " "; continue; }
            logical.Add(pending + line);
            pending = "";
        }
        var stage = -1;
        var instructions = new List<DockerInstruction>();
        foreach (var line in logical)
        {
            var parts = line.Split(' ', 2, StringSplitOptions.TrimEntries);
            var keyword = parts[0].ToUpperInvariant();
            if (keyword == "FROM") stage++;
            instructions.Add(new DockerInstruction(keyword, parts.Length > 1 ? parts[1] : "", stage));
        }
        return new Dockerfile(path, instructions);
    }

    public IEnumerable<DockerInstruction> All(string keyword) => Instructions.Where(i => i.Keyword == keyword);

    public DockerInstruction Last(string keyword) => All(keyword).Last();

    /// <summary>Sources and destination of a COPY (flags such as --from= and --chown= are returned apart).</summary>
    public static (IReadOnlyList<string> Flags, IReadOnlyList<string> Sources, string Destination) ParseCopy(DockerInstruction copy)
    {
        var tokens = copy.Arguments.TrimStart().StartsWith('[')
            ? JsonSerializer.Deserialize<string[]>(copy.Arguments)!.ToList()
            : copy.Arguments.Split(' ', StringSplitOptions.RemoveEmptyEntries).ToList();
        var flags = tokens.TakeWhile(t => t.StartsWith("--", StringComparison.Ordinal)).ToList();
        var rest = tokens.Skip(flags.Count).ToList();
        return (flags, rest[..^1], rest[^1]);
    }

    /// <summary>The exec-form arguments of CMD/ENTRYPOINT/HEALTHCHECK CMD.</summary>
    public static string[] ExecForm(string arguments)
    {
        var json = arguments[arguments.IndexOf('[')..];
        return JsonSerializer.Deserialize<string[]>(json)!;
    }

    /// <summary>The project a `dotnet restore|publish X.csproj` RUN names.</summary>
    public string ProjectOf(string verb) =>
        All("RUN").Select(r => DotnetProject().Match(r.Arguments)).First(m => m.Success && m.Groups[1].Value == verb).Groups[2].Value;

    [GeneratedRegex(@"dotnet (restore|publish) (\S+\.csproj)")]
    private static partial Regex DotnetProject();
}
