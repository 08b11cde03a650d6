using System.Collections.Concurrent;

namespace Transporter.Identity.Accounts;

/// <summary>
/// The per-request access key lookup: an in-memory cache in front of <see cref="AccessKeyStore"/>, so a signed GET
/// costs no database query. Local changes drop their entry at once; changes made by other replicas (PostgreSQL
/// deployments) show after <see cref="TimeToLive"/>. Unknown keys are remembered briefly so a flood of bad keys does
/// not become a flood of queries.
/// </summary>
public sealed class AccessKeyCache : IAccessKeyLookup
{
    public static readonly TimeSpan TimeToLive = TimeSpan.FromSeconds(30);
    public static readonly TimeSpan UnknownKeyTimeToLive = TimeSpan.FromSeconds(5);
    private const int MaxEntries = 100_000;

    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private readonly AccessKeyStore _keys;
    private readonly TimeProvider _clock;

    public AccessKeyCache(AccessKeyStore keys, TimeProvider clock)
    {
        _keys = keys;
        _clock = clock;
        keys.AccessKeyChanged += Invalidate;
    }

    public async ValueTask<SigningCredential?> FindAsync(string accessKeyId, CancellationToken ct)
    {
        var now = _clock.GetUtcNow();
        if (_entries.TryGetValue(accessKeyId, out var entry) && entry.ExpiresAt > now) return entry.Credential;
        var credential = await _keys.LoadCredentialAsync(accessKeyId, ct).ConfigureAwait(false);
        if (_entries.Count >= MaxEntries) _entries.Clear();
        _entries[accessKeyId] = new Entry(credential, now + (credential is null ? UnknownKeyTimeToLive : TimeToLive));
        return credential;
    }

    public void Invalidate(string accessKeyId) => _entries.TryRemove(accessKeyId, out _);

    private sealed record Entry(SigningCredential? Credential, DateTimeOffset ExpiresAt);
}
