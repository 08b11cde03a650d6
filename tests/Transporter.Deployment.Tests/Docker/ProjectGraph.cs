using System.Xml.Linq;
using Transporter.Testing;

namespace Transporter.Deployment.Tests.Docker;

/// <summary>The repository's projects as MSBuild sees them: references, SDK and framework references.</summary>
internal static class ProjectGraph
{
    /// <summary>Repository-relative paths (forward slashes) of a project and every project it references, transitively.</summary>
    public static IReadOnlyList<string> Closure(string project)
    {
        var seen = new List<string>();
        var queue = new Queue<string>([Normalize(project)]);
        while (queue.Count > 0)
        {
            var current = queue.Dequeue();
            if (seen.Contains(current)) continue;
            seen.Add(current);
            var dir = Path.GetDirectoryName(Path.Combine(RepoPaths.Root, current))!;
            foreach (var reference in Load(current).Descendants("ProjectReference"))
                queue.Enqueue(Normalize(Path.GetRelativePath(RepoPaths.Root, Path.GetFullPath(Path.Combine(dir, reference.Attribute("Include")!.Value.Replace('\\', '/'))))));
        }
        return seen;
    }

    /// <summary>Whether the project or one it references needs the ASP.NET Core shared framework at run time.</summary>
    public static bool NeedsAspNetCore(string project) =>
        Closure(project).Any(p =>
        {
            var xml = Load(p);
            return (string?)xml.Root!.Attribute("Sdk") == "Microsoft.NET.Sdk.Web"
                   || xml.Descendants("FrameworkReference").Any(f => (string?)f.Attribute("Include") == "Microsoft.AspNetCore.App");
        });

    public static string AssemblyName(string project) =>
        Load(project).Descendants("AssemblyName").Select(a => a.Value).FirstOrDefault() ?? Path.GetFileNameWithoutExtension(project);

    public static string TargetFramework() =>
        XDocument.Load(Path.Combine(RepoPaths.Root, "Directory.Build.props")).Descendants("TargetFramework").Single().Value;

    private static XDocument Load(string project) => XDocument.Load(Path.Combine(RepoPaths.Root, project));

    private static string Normalize(string path) => path.Replace('\\', '/');
}
