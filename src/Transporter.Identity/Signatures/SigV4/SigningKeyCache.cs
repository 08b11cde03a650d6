using System.Collections.Concurrent;

namespace Transporter.Identity.Signatures.SigV4;

/// <summary>Derived SigV4 signing keys per (secret, date, region, service): four HMACs saved on every request of a day.</summary>
internal sealed class SigningKeyCache
{
    // Keys change daily; a bound keeps a flood of distinct regions or dates from growing the cache without limit.
    private const int MaxEntries = 10_000;
    private readonly ConcurrentDictionary<(string Secret, string Date, string Region, string Service), byte[]> _keys = new();

    public byte[] Get(string secret, string date, string region, string service)
    {
        var id = (secret, date, region, service);
        if (_keys.TryGetValue(id, out var key)) return key;
        if (_keys.Count >= MaxEntries) _keys.Clear();
        key = SigV4Signature.DeriveKey(secret, date, region, service);
        _keys[id] = key;
        return key;
    }
}
