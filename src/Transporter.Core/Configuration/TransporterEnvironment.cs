using Microsoft.Extensions.Configuration;

namespace Transporter.Core.Configuration;

/// <summary>Maps TRANSPORTER_* environment variables onto the "Transporter" section (TRANSPORTER_DATA_DIR → Transporter:DataDir).</summary>
public static class TransporterEnvironment
{
    private const string Prefix = "TRANSPORTER_";

    /// <summary>Add last, so the environment wins over appsettings files.</summary>
    public static IConfigurationBuilder AddTransporterEnvironment(this IConfigurationBuilder builder)
    {
        var values = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        foreach (System.Collections.DictionaryEntry entry in Environment.GetEnvironmentVariables())
        {
            var name = (string)entry.Key;
            if (!name.StartsWith(Prefix, StringComparison.Ordinal)) continue;
            // Binding is case-insensitive, so DATA_DIR -> DATADIR matches DataDir.
            values[$"{TransporterOptions.Section}:{name[Prefix.Length..].Replace("_", "")}"] = (string?)entry.Value;
        }
        return builder.AddInMemoryCollection(values);
    }
}
