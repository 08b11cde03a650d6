using Transporter.Core.Filters;

namespace Transporter.Api.Gui.Services;

/// <summary>The filters part of the new-migration and new-plan forms: patterns one per line (a glob may contain commas),
/// sizes in human units, times as the browser's date-time input gives them (read as UTC).</summary>
public sealed class FilterForm
{
    public string Include { get; set; } = "";
    public string Exclude { get; set; } = "";
    public string MinSizeNumber { get; set; } = "";
    public string MinSizeUnit { get; set; } = "MB";
    public string MaxSizeNumber { get; set; } = "";
    public string MaxSizeUnit { get; set; } = "MB";
    public string ModifiedAfter { get; set; } = "";
    public string ModifiedBefore { get; set; } = "";

    /// <summary>The filter (null when every field is empty), or the sizes that are not numbers.</summary>
    public (ObjectFilter? Filter, IReadOnlyList<string> Errors) ToFilter()
    {
        var errors = new List<string>();
        var min = ByteUnits.ParseSize(MinSizeNumber, MinSizeUnit, out var minValid);
        if (!minValid) errors.Add($"filters.minSize: '{MinSizeNumber}' is not a number");
        var max = ByteUnits.ParseSize(MaxSizeNumber, MaxSizeUnit, out var maxValid);
        if (!maxValid) errors.Add($"filters.maxSize: '{MaxSizeNumber}' is not a number");
        var filter = new ObjectFilter
        {
            Include = Lines(Include),
            Exclude = Lines(Exclude),
            MinSize = min,
            MaxSize = max,
            ModifiedAfter = Blank(ModifiedAfter),
            ModifiedBefore = Blank(ModifiedBefore),
        };
        return (filter.IsEmpty ? null : filter, errors);
    }

    private static List<string>? Lines(string text)
    {
        var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();
        return lines.Count == 0 ? null : lines;
    }

    private static string? Blank(string text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}
