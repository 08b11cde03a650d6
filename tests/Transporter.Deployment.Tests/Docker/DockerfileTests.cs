using System.Text.RegularExpressions;
using Transporter.Deployment.Tests.Helm;
using Transporter.Testing;

namespace Transporter.Deployment.Tests.Docker;

/// <summary>
/// deploy/*.Dockerfile read against the repository: every path they copy exists, the restore layer has every project
/// the published one needs, and the image runs the right assembly as a non-root user. No engine builds them here.
/// </summary>
public sealed class DockerfileTests
{
    public static TheoryData<string, string> Images() => new()
    {
        { "deploy/api.Dockerfile", "src/Transporter.Api/Transporter.Api.csproj" },
        { "deploy/worker.Dockerfile", "workers/Transporter.Worker/Transporter.Worker.csproj" },
    };

    public static TheoryData<string> Dockerfiles() => new("deploy/api.Dockerfile", "deploy/worker.Dockerfile");

    [Theory]
    [MemberData(nameof(Dockerfiles))]
    public void Dockerfile_CopiesOnlyPathsThatExist(string dockerfile)
    {
        var file = Dockerfile.Load(dockerfile);
        var copies = file.All("COPY").Select(Dockerfile.ParseCopy).Where(c => !c.Flags.Any(f => f.StartsWith("--from=", StringComparison.Ordinal))).ToList();
        Assert.NotEmpty(copies);
        foreach (var source in copies.SelectMany(c => c.Sources))
        {
            var path = Path.Combine(RepoPaths.Root, source);
            Assert.True(File.Exists(path) || Directory.Exists(path), $"{dockerfile} copies {source}, which does not exist");
        }
    }

    [Theory]
    [MemberData(nameof(Images))]
    public void Dockerfile_PublishesTheProject_AfterRestoringEveryProjectItReferences(string dockerfile, string project)
    {
        var file = Dockerfile.Load(dockerfile);
        Assert.Equal(project, file.ProjectOf("publish"));
        Assert.Equal(project, file.ProjectOf("restore"));

        var restoreAt = file.Instructions.ToList().FindIndex(i => i.Keyword == "RUN" && i.Arguments.Contains("dotnet restore"));
        var copied = file.Instructions.Take(restoreAt).Where(i => i.Keyword == "COPY").SelectMany(c => Dockerfile.ParseCopy(c).Sources).ToHashSet();
        var copiedLater = file.Instructions.Skip(restoreAt).Where(i => i.Keyword == "COPY").SelectMany(c => Dockerfile.ParseCopy(c).Sources).ToList();

        // Central package versions and the shared build settings are needed before the restore.
        Assert.Contains("Directory.Build.props", copied);
        Assert.Contains("Directory.Packages.props", copied);
        foreach (var reference in ProjectGraph.Closure(project))
        {
            Assert.True(copied.Contains(reference), $"{dockerfile} restores without {reference}");
            var dir = Path.GetDirectoryName(reference)!.Replace('\\', '/') + "/";
            Assert.True(copiedLater.Any(source => dir.StartsWith(source.TrimEnd('/') + "/", StringComparison.Ordinal)),
                $"{dockerfile} never copies the sources of {dir}");
        }
        Assert.Contains(file.All("RUN"), r => r.Stage == 0 && Regex.IsMatch(r.Arguments, @"^dotnet publish \S+ -c Release .*-o /app\b"));
    }

    [Theory]
    [MemberData(nameof(Images))]
    public void Image_BuildsAndRunsOnTheTargetFramework(string dockerfile, string project)
    {
        var file = Dockerfile.Load(dockerfile);
        var version = ProjectGraph.TargetFramework().Replace("net", "");
        var froms = file.All("FROM").Select(f => f.Arguments.Split(' ')[0]).ToList();
        var runtime = ProjectGraph.NeedsAspNetCore(project) ? "aspnet" : "runtime";

        Assert.Equal($"mcr.microsoft.com/dotnet/sdk:{version}", froms[0]);
        Assert.Equal($"mcr.microsoft.com/dotnet/{runtime}:{version}", froms[^1]);
        Assert.Contains(file.All("COPY"), c => c.Stage == file.FinalStage && c.Arguments.StartsWith("--from=build /app", StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Dockerfiles))]
    public async Task Image_EndsWithTheNonRootUser_TheChartRunsAs(string dockerfile)
    {
        var file = Dockerfile.Load(dockerfile);
        var user = file.Last("USER");
        var chartUid = (await Chart.ValuesAsync()).At("podSecurityContext", "runAsUser").GetInt32();

        Assert.Equal(file.FinalStage, user.Stage);
        Assert.Matches(@"^\d+(:\d+)?$", user.Arguments);
        Assert.Equal(chartUid, int.Parse(user.Arguments.Split(':')[0]));
        Assert.NotEqual(0, chartUid);
        // Nothing after USER may need root.
        Assert.DoesNotContain(file.Instructions.SkipWhile(i => i != user), i => i.Keyword == "RUN");
    }

    [Theory]
    [MemberData(nameof(Images))]
    public void Image_StartsThePublishedAssembly(string dockerfile, string project)
    {
        var entrypoint = Dockerfile.ExecForm(Dockerfile.Load(dockerfile).Last("ENTRYPOINT").Arguments);
        Assert.Equal(["dotnet", ProjectGraph.AssemblyName(project) + ".dll"], entrypoint);
        Assert.Equal("/app", Dockerfile.Load(dockerfile).All("WORKDIR").Last().Arguments);
    }

    [Theory]
    [MemberData(nameof(Dockerfiles))]
    public void Image_HasAHealthCheck_WithAScriptItCarries(string dockerfile)
    {
        var file = Dockerfile.Load(dockerfile);
        var command = Dockerfile.ExecForm(file.Last("HEALTHCHECK").Arguments);
        Assert.Equal("bash", command[0]);
        var script = Path.GetFileName(command[1]);
        Assert.Equal("/app/" + script, command[1]);
        Assert.Contains(file.All("COPY"), c => c.Stage == file.FinalStage && Dockerfile.ParseCopy(c).Sources.Contains("deploy/" + script));
        Assert.True(File.Exists(Path.Combine(RepoPaths.Root, "deploy", script)));
    }

    [Theory]
    [MemberData(nameof(Dockerfiles))]
    public void Image_KeepsItsDataUnderTheDataDir(string dockerfile)
    {
        var file = Dockerfile.Load(dockerfile);
        Assert.Contains(file.All("ENV"), e => e.Arguments.Contains("TRANSPORTER_DATA_DIR=/data"));
        Assert.Contains(file.All("RUN"), r => r.Stage == file.FinalStage && r.Arguments.Contains("chown 1654:1654 /data"));
    }

    [Fact]
    public void PlatformImage_DeclaresTheDataVolume_AndBothPorts()
    {
        var file = Dockerfile.Load("deploy/api.Dockerfile");
        Assert.Equal("/data", file.Last("VOLUME").Arguments);
        Assert.Equal("8080 9000", file.Last("EXPOSE").Arguments);
    }

    [Fact]
    public void DockerIgnore_KeepsBuildOutputOut_ButNotTheSources()
    {
        var patterns = File.ReadAllLines(Path.Combine(RepoPaths.Root, ".dockerignore"))
            .Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#')).ToList();
        Assert.Contains("**/bin/", patterns);
        Assert.Contains("**/obj/", patterns);
        foreach (var needed in new[] { "src", "workers", "deploy", "Directory.Build.props", "Directory.Packages.props" })
            Assert.DoesNotContain(patterns, p => p.TrimEnd('/') == needed || p == "*" || p == "**");
    }
}
