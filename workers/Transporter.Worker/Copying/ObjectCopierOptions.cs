namespace Transporter.Worker.Copying;

/// <summary>How <see cref="ObjectCopier"/> moves objects (configuration section "Transporter:Copier").</summary>
public sealed class ObjectCopierOptions
{
    public const string Section = "Transporter:Copier";

    /// <summary>Objects above this size go as parallel parts when the destination has multipart uploads.</summary>
    public long MultipartThreshold { get; set; } = 64L * 1024 * 1024;

    /// <summary>Preferred part size; raised to the destination's minimum and to fit its part count limit.</summary>
    public long PartSize { get; set; } = 16L * 1024 * 1024;

    /// <summary>Parts of one object read and sent at the same time.</summary>
    public int PartsInFlight { get; set; } = 4;

    /// <summary>Attempts at one object (or one part) when it fails mid-stream with a transient error, the first included.</summary>
    public int MaxAttempts { get; set; } = 3;

    /// <summary>How long one copy is sent again while its endpoint answers "slow down" (503 SlowDown, 429, ServerBusy)
    /// before it fails; such retries do not count as attempts (<see cref="ThrottleWait"/>).</summary>
    public TimeSpan ThrottlePatience { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Delay before the first restart; it doubles on each further one, with jitter.</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Problems that make these options unusable; empty when valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (MultipartThreshold < 1) errors.Add($"{nameof(MultipartThreshold)} must be positive");
        if (PartSize < 1) errors.Add($"{nameof(PartSize)} must be positive");
        if (PartsInFlight is < 1 or > 64) errors.Add($"{nameof(PartsInFlight)} must be between 1 and 64");
        if (MaxAttempts is < 1 or > 10) errors.Add($"{nameof(MaxAttempts)} must be between 1 and 10");
        if (ThrottlePatience < TimeSpan.Zero) errors.Add($"{nameof(ThrottlePatience)} must not be negative");
        if (RetryBaseDelay < TimeSpan.Zero) errors.Add($"{nameof(RetryBaseDelay)} must not be negative");
        return errors;
    }
}
