namespace Transporter.Core.Migrations;

/// <summary>The <c>verifyResult</c> of a verify run's report row: how the destination's copy of one key compares.</summary>
public static class VerifyResult
{
    /// <summary>Both ends hold the object and they agree (size, and ETag or MD5 where comparable; the bytes with deep).</summary>
    public const string Match = "match";

    /// <summary>The source holds it, the destination does not.</summary>
    public const string Missing = "missing";

    /// <summary>Both hold it, and they differ.</summary>
    public const string Differs = "differs";

    /// <summary>The destination holds it, the source does not.</summary>
    public const string Extra = "extra";

    /// <summary>The words of a run's error line for a result other than a match.</summary>
    public static string Describe(string result) => result switch
    {
        Missing => "is missing at the destination",
        Differs => "differs between the source and the destination",
        Extra => "is at the destination only",
        _ => "matches",
    };
}
