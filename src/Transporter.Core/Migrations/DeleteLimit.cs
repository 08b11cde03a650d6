using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Transporter.Core.Migrations;

/// <summary>
/// A mirror sync's <c>maxDelete</c> guard: at most <see cref="Count"/> objects, or at most <see cref="Percent"/> percent
/// of the destination's objects (within the filters). Over it, the run deletes nothing and says why. In JSON a number
/// (<c>100</c>) or a string (<c>"10%"</c>).
/// </summary>
[JsonConverter(typeof(DeleteLimitJsonConverter))]
public sealed record DeleteLimit
{
    public long? Count { get; init; }
    public decimal? Percent { get; init; }

    /// <summary>True when deleting <paramref name="deletions"/> of <paramref name="destinationObjects"/> stays within the limit.</summary>
    public bool Allows(long deletions, long destinationObjects) =>
        Count is { } count ? deletions <= count : deletions * 100m <= Percent!.Value * destinationObjects;

    /// <summary>"100" or "10%", as written in JSON.</summary>
    public override string ToString() =>
        Count is { } count ? count.ToString(CultureInfo.InvariantCulture) : Percent!.Value.ToString("0.####", CultureInfo.InvariantCulture) + "%";

    /// <summary>Reads a <c>maxDelete</c> value: a whole number of objects (0 or more) or "N%" (0 to 100); null with the
    /// reason otherwise.</summary>
    public static DeleteLimit? Parse(JsonElement value, out string? error)
    {
        error = null;
        if (value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var count) && count >= 0) return new DeleteLimit { Count = count };
        if (value.ValueKind == JsonValueKind.String && Parse(value.GetString()!) is { } parsed) return parsed;
        error = $"maxDelete must be a number of objects (0 or more) or a percentage of the destination's objects such as \"10%\", got {value.GetRawText()}";
        return null;
    }

    /// <summary>"10%" or "100" (the GUI's text field); null when it is neither.</summary>
    public static DeleteLimit? Parse(string text)
    {
        text = text.Trim();
        if (text.EndsWith('%'))
            return decimal.TryParse(text[..^1].Trim(), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var percent) && percent is >= 0 and <= 100
                ? new DeleteLimit { Percent = percent }
                : null;
        return long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var count) ? new DeleteLimit { Count = count } : null;
    }
}
