namespace Transporter.Core.Scheduling;

/// <summary>One parsed field: the set of values it matches (bit n = value n) and how it was written.</summary>
/// <param name="Bits">Bit n set when value n matches (day-of-week 7 already folded onto 0).</param>
/// <param name="IsStar">Written as "*", "?" or "*/1": the field does not restrict. Decides the day-of-month /
/// day-of-week OR rule.</param>
/// <param name="HasIntervalSyntax">Written with '*', '-' or '/' somewhere (a wildcard, range or step).</param>
/// <param name="Text">The field as written (trimmed).</param>
internal readonly record struct CronField(ulong Bits, bool IsStar, bool HasIntervalSyntax, string Text)
{
    public bool Contains(int value) => (Bits & (1UL << value)) != 0;

    /// <summary>The smallest matching value ≥ <paramref name="from"/>, or -1.</summary>
    public int NextAtOrAfter(int from)
    {
        if (from > 63) return -1;
        var rest = Bits >> from;
        return rest == 0 ? -1 : from + System.Numerics.BitOperations.TrailingZeroCount(rest);
    }

    public IEnumerable<int> Values()
    {
        for (var v = 0; v < 64; v++) if (Contains(v)) yield return v;
    }
}
