using System.Globalization;
using System.Text.Json.Serialization;

namespace Transporter.Core.Filters;

/// <summary>
/// The <c>filters</c> of a migration, sync, plan or verify run: which source objects it considers. An object is
/// selected when its key matches one of <see cref="Include"/> (or there is none), none of <see cref="Exclude"/>, its size
/// is within [<see cref="MinSize"/>, <see cref="MaxSize"/>] and its modification time within
/// [<see cref="ModifiedAfter"/>, <see cref="ModifiedBefore"/>). Applied while listing (<see cref="ObjectSelector"/>), so
/// nothing outside them is counted, copied or deleted. Patterns are <see cref="KeyGlob"/>s on the full key.
/// </summary>
public sealed record ObjectFilter
{
    /// <summary>Most patterns in each of <see cref="Include"/> and <see cref="Exclude"/>.</summary>
    public const int MaxPatterns = 100;

    private static readonly string[] DateFormats =
        ["yyyy-MM-dd", "yyyy-MM-dd'T'HH:mmK", "yyyy-MM-dd'T'HH:mm:ssK", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK"];

    [JsonPropertyName("include")] public IReadOnlyList<string>? Include { get; init; }
    [JsonPropertyName("exclude")] public IReadOnlyList<string>? Exclude { get; init; }

    /// <summary>Smallest size selected, in bytes (inclusive).</summary>
    [JsonPropertyName("minSize")] public long? MinSize { get; init; }

    /// <summary>Largest size selected, in bytes (inclusive).</summary>
    [JsonPropertyName("maxSize")] public long? MaxSize { get; init; }

    /// <summary>ISO-8601 time (a date alone is midnight UTC; no offset means UTC): objects modified at or after it.</summary>
    [JsonPropertyName("modifiedAfter")] public string? ModifiedAfter { get; init; }

    /// <summary>ISO-8601 time: objects modified before it (exclusive, so two filters can split a period without overlap).</summary>
    [JsonPropertyName("modifiedBefore")] public string? ModifiedBefore { get; init; }

    /// <summary>True when the filter selects everything (no field set).</summary>
    [JsonIgnore]
    public bool IsEmpty => Include is not { Count: > 0 } && Exclude is not { Count: > 0 } && MinSize is null && MaxSize is null
        && string.IsNullOrEmpty(ModifiedAfter) && string.IsNullOrEmpty(ModifiedBefore);

    /// <summary>Problems, each naming its field ("filters.include[2]: ..."); empty when valid.</summary>
    public IReadOnlyList<string> Validate(string field = "filters")
    {
        var errors = new List<string>();
        Patterns(Include, $"{field}.include", errors);
        Patterns(Exclude, $"{field}.exclude", errors);
        if (MinSize < 0) errors.Add($"{field}.minSize must be 0 or more bytes, got {MinSize}");
        if (MaxSize < 0) errors.Add($"{field}.maxSize must be 0 or more bytes, got {MaxSize}");
        if (MinSize >= 0 && MaxSize >= 0 && MinSize > MaxSize)
            errors.Add($"{field}.minSize ({MinSize}) must not be larger than {field}.maxSize ({MaxSize})");
        var after = Date(ModifiedAfter, $"{field}.modifiedAfter", errors);
        var before = Date(ModifiedBefore, $"{field}.modifiedBefore", errors);
        if (after is { } a && before is { } b && a >= b)
            errors.Add($"{field}.modifiedAfter ({ModifiedAfter}) must be earlier than {field}.modifiedBefore ({ModifiedBefore})");
        return errors;
    }

    /// <summary>The filter ready to test objects. Throws <see cref="ArgumentException"/> when not valid (validate first).</summary>
    public ObjectSelector Compile()
    {
        var errors = new List<string>();
        var selector = new ObjectSelector(
            Patterns(Include, "include", errors), Patterns(Exclude, "exclude", errors), MinSize, MaxSize,
            Date(ModifiedAfter, "modifiedAfter", errors), Date(ModifiedBefore, "modifiedBefore", errors));
        return errors.Count == 0 ? selector : throw new ArgumentException(string.Join("; ", errors));
    }

    /// <summary>Parses an ISO-8601 filter time; null when absent or not valid.</summary>
    public static DateTimeOffset? ParseTime(string? text) =>
        !string.IsNullOrEmpty(text) && DateTimeOffset.TryParseExact(text, DateFormats, CultureInfo.InvariantCulture,
            DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var time) ? time : null;

    private static List<KeyGlob> Patterns(IReadOnlyList<string>? patterns, string field, List<string> errors)
    {
        var globs = new List<KeyGlob>();
        if (patterns is null) return globs;
        if (patterns.Count > MaxPatterns) errors.Add($"{field} must list at most {MaxPatterns} patterns, got {patterns.Count}");
        for (var i = 0; i < patterns.Count && i < MaxPatterns; i++)
        {
            if (KeyGlob.TryCompile(patterns[i], out var error) is { } glob) globs.Add(glob);
            else errors.Add($"{field}[{i}]: '{patterns[i]}' is not a valid glob: {error}");
        }
        return globs;
    }

    private static DateTimeOffset? Date(string? text, string field, List<string> errors)
    {
        if (string.IsNullOrEmpty(text)) return null;
        if (ParseTime(text) is { } time) return time;
        errors.Add($"{field} must be an ISO-8601 time such as 2024-05-01 or 2024-05-01T08:00:00Z, got '{text}'");
        return null;
    }
}
