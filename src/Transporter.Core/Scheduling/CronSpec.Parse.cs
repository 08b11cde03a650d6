using System.Diagnostics.CodeAnalysis;

namespace Transporter.Core.Scheduling;

public readonly partial struct CronSpec
{
    private static readonly Dictionary<string, string> Macros = new(StringComparer.OrdinalIgnoreCase)
    {
        ["@yearly"] = "0 0 1 1 *",
        ["@annually"] = "0 0 1 1 *",
        ["@monthly"] = "0 0 1 * *",
        ["@weekly"] = "0 0 * * 0",
        ["@daily"] = "0 0 * * *",
        ["@midnight"] = "0 0 * * *",
        ["@hourly"] = "0 * * * *",
    };

    // Days each month can have (February 29 in leap years), to refuse specs that never fire.
    private static readonly int[] MaxDaysInMonth = [0, 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

    /// <summary>Parses a spec. Throws <see cref="CronSpecFormatException"/> naming what is wrong.</summary>
    public static CronSpec Parse(string spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var text = string.Join(' ', spec.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        if (text.Length == 0) throw new CronSpecFormatException("cron spec is empty");

        var expanded = text;
        if (text.StartsWith('@'))
        {
            if (!Macros.TryGetValue(text, out expanded!))
                throw new CronSpecFormatException($"unknown macro '{text}' (known: {string.Join(", ", Macros.Keys)})");
        }

        var parts = expanded.Split(' ');
        if (parts.Length != 5)
            throw new CronSpecFormatException($"expected 5 fields (minute hour day-of-month month day-of-week), got {parts.Length}");
        var fields = new CronField[5];
        for (var i = 0; i < 5; i++) fields[i] = CronFieldParser.Parse(parts[i], CronFieldKind.All[i]);

        var result = new CronSpec(text, fields[0], fields[1], fields[2], fields[3], fields[4]);
        result.ThrowIfNeverFires();
        return result;
    }

    /// <summary>Parses a spec; on failure returns false with the reason in <paramref name="error"/>.</summary>
    public static bool TryParse(string? spec, out CronSpec result, [NotNullWhen(false)] out string? error)
    {
        try
        {
            result = Parse(spec ?? "");
            error = null;
            return true;
        }
        catch (CronSpecFormatException e)
        {
            result = default;
            error = e.Message;
            return false;
        }
    }

    private void ThrowIfNeverFires()
    {
        // With day-of-week unrestricted only day-of-month decides: "31 in February" can never happen.
        if (!_dayOfWeek.IsStar) return;
        var firstDay = _dayOfMonth.NextAtOrAfter(1);
        foreach (var month in _month.Values())
            if (firstDay <= MaxDaysInMonth[month]) return;
        throw new CronSpecFormatException(
            $"day-of-month field '{_dayOfMonth.Text}' never occurs in month field '{_month.Text}', so the spec never fires");
    }
}
