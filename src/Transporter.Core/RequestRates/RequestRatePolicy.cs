namespace Transporter.Core.RequestRates;

/// <summary>
/// How an endpoint's allowed request rate moves (AIMD, as TCP's congestion control): halved on a throttled answer (S3
/// 503 SlowDown, 429, Azure 503 ServerBusy), at most once per <see cref="DecreaseInterval"/> so one burst of refusals
/// counts once; raised by 5 % (at least one request per second) each <see cref="IncreaseInterval"/> of good answers;
/// unlimited again once nothing was throttled for <see cref="ReleaseAfter"/>.
/// </summary>
public static class RequestRatePolicy
{
    /// <summary>Requests per second the rate never goes below.</summary>
    public const double MinRate = 1;

    public static readonly TimeSpan DecreaseInterval = TimeSpan.FromSeconds(1);

    public static readonly TimeSpan IncreaseInterval = TimeSpan.FromSeconds(1);

    public static readonly TimeSpan ReleaseAfter = TimeSpan.FromSeconds(120);

    /// <summary>The rate after a throttled answer: half the allowed rate, or of <paramref name="observed"/> (requests per
    /// second answered lately) when the endpoint was unlimited.</summary>
    public static double Decreased(double rate, double observed) => Math.Max(MinRate, (rate > 0 ? rate : Math.Max(observed, 2 * MinRate)) / 2);

    /// <summary>Answers that say "slow down": 429 Too Many Requests (GCS, Azure), 503 (S3 SlowDown, Azure ServerBusy).</summary>
    public static bool IsThrottled(int status) => status is 429 or 503;

    /// <summary>The rate after an interval of good answers.</summary>
    public static double Increased(double rate) => rate + Math.Max(1, rate * 0.05);
}
