using Transporter.Core.Storage;

namespace Transporter.Worker.Copying;

/// <summary>
/// How long one copy (or one part) keeps going back to an endpoint that answers "slow down". A throttled request was not
/// served, so it is sent again without spending one of <see cref="ObjectCopierOptions.MaxAttempts"/>: the endpoint's
/// adaptive rate (RequestRateRegistry) spaces the requests out, and the copy fails only when the endpoint has throttled
/// it for longer than <see cref="ObjectCopierOptions.ThrottlePatience"/>. Until then the run's /state shows the
/// throttled answers and the rate it is held to.
/// </summary>
internal sealed class ThrottleWait(TimeProvider time, TimeSpan patience)
{
    private DateTimeOffset? _since;

    /// <summary>Whether <paramref name="error"/> is a throttled answer the copy waits out; the first one starts the patience.</summary>
    public bool Allows(ObjectStoreException error)
    {
        if (!error.Throttled) return false;
        var now = time.GetUtcNow();
        _since ??= now;
        return now - _since.Value < patience;
    }

    /// <summary>A pause before sending again (0.5 to 1.5 s): the pacing decides the rest.</summary>
    public static TimeSpan Pause() => TimeSpan.FromMilliseconds(500 + Random.Shared.Next(1000));
}
