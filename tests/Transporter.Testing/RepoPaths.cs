namespace Transporter.Testing;

/// <summary>Where things are in the repository checkout the tests run from.</summary>
public static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    /// <summary>The build configuration the tests were built with (the platform is run from the same one).</summary>
    public static string Configuration { get; } =
#if DEBUG
        "Debug";
#else
        "Release";
#endif

    public static string ApiDll => Path.Combine(Root, "src", "Transporter.Api", "bin", Configuration, "net10.0", "Transporter.Api.dll");

    public static string WorkerDll => Path.Combine(Root, "workers", "Transporter.Worker", "bin", Configuration, "net10.0", "Transporter.Worker.dll");

    /// <summary>npm tools installed by the test command (azurite, ...).</summary>
    public static string NodeBin => Path.Combine(Root, ".tools", "node_modules", ".bin");

    /// <summary>A fresh directory under the system temp dir, for one test's data.</summary>
    public static string NewTempDir(string purpose)
    {
        var dir = Path.Combine(Path.GetTempPath(), "transporter-tests", $"{purpose}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(dir);
        return dir;
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Transporter.sln"))) return dir.FullName;
        throw new InvalidOperationException("Transporter.sln not found above " + AppContext.BaseDirectory);
    }
}
