using Microsoft.Extensions.Configuration;

namespace Transporter.Core.Configuration;

/// <summary>Maps TRANSPORTER_* environment variables onto the "Transporter" section (TRANSPORTER_DATA_DIR → Transporter:DataDir).</summary>
public static class TransporterEnvironment
{
    /// <summary>Add last, so the environment wins over appsettings files.</summary>
    public static IConfigurationBuilder AddTransporterEnvironment(this IConfigurationBuilder builder)
    {
        var values = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, value) in Variables())
            values[$"{TransporterOptions.Section}:{TransporterVariables.KeyOf(name)}"] = value;
        return builder.AddInMemoryCollection(values);
    }

    /// <summary>TRANSPORTER_* variables that set no setting (misspelt or outdated), the test harness's excepted.</summary>
    public static IReadOnlyList<string> UnknownVariables() =>
        Variables().Select(v => v.Name)
            .Where(name => !name.StartsWith(TransporterVariables.TestPrefix, StringComparison.Ordinal) && !TransporterVariables.IsKnown(name))
            .Order(StringComparer.Ordinal)
            .ToList();

    private static IEnumerable<(string Name, string? Value)> Variables()
    {
        foreach (System.Collections.DictionaryEntry entry in Environment.GetEnvironmentVariables())
        {
            var name = (string)entry.Key;
            if (name.StartsWith(TransporterVariables.Prefix, StringComparison.Ordinal)) yield return (name, (string?)entry.Value);
        }
    }
}
