namespace Transporter.Core.Migrations;

/// <summary>The spec's sync-mode values.</summary>
public static class SyncMode
{
    /// <summary>Merge the sorted source and destination listings; copy keys missing or different at the destination.</summary>
    public const string Simple = "simple";

    /// <summary>Copy objects modified at or after the start of the previous successful run.</summary>
    public const string ByTime = "by-time";

    /// <summary>The mode named by <paramref name="value"/>; an empty value is <see cref="Simple"/>. False when unknown.</summary>
    public static bool TryParse(string? value, out string mode)
    {
        mode = string.IsNullOrEmpty(value) ? Simple : value;
        return mode is Simple or ByTime;
    }
}
