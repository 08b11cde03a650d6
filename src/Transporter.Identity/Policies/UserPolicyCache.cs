using System.Collections.Concurrent;
using Transporter.Identity.Accounts;

namespace Transporter.Identity.Policies;

/// <summary>
/// The parsed policies attached to each user, kept in memory so that deciding a request costs no query. Any policy
/// change made in this process empties the cache at once; changes made by other replicas (PostgreSQL deployments)
/// show after <see cref="TimeToLive"/>, as with <see cref="AccessKeyCache"/>.
/// </summary>
public sealed class UserPolicyCache
{
    public static readonly TimeSpan TimeToLive = TimeSpan.FromSeconds(30);
    private const int MaxEntries = 100_000;

    private readonly ConcurrentDictionary<(string Root, string User), Entry> _entries = new();
    private readonly PolicyAttachmentStore _attachments;
    private readonly TimeProvider _clock;

    public UserPolicyCache(PolicyAttachmentStore attachments, TimeProvider clock)
    {
        _attachments = attachments;
        _clock = clock;
        attachments.PoliciesChanged += _entries.Clear;
    }

    public async ValueTask<IReadOnlyList<PolicyDocument>> GetAsync(string root, string userName, CancellationToken ct)
    {
        if (TryGet(root, userName, out var documents)) return documents;
        var texts = await _attachments.LoadUserPolicyDocumentsAsync(root, userName, ct).ConfigureAwait(false);
        // Every stored document was validated when it was written.
        documents = texts.Select(text => PolicyDocument.Parse(text, requirePrincipal: false)).ToList();
        if (_entries.Count >= MaxEntries) _entries.Clear();
        _entries[(root, userName)] = new Entry(documents, _clock.GetUtcNow() + TimeToLive);
        return documents;
    }

    /// <summary>The documents when cached and fresh (callers on a synchronous path warm the cache with
    /// <see cref="GetAsync"/> first).</summary>
    public bool TryGet(string root, string userName, out IReadOnlyList<PolicyDocument> documents)
    {
        if (_entries.TryGetValue((root, userName), out var entry) && entry.ExpiresAt > _clock.GetUtcNow())
        {
            documents = entry.Documents;
            return true;
        }
        documents = [];
        return false;
    }

    private sealed record Entry(IReadOnlyList<PolicyDocument> Documents, DateTimeOffset ExpiresAt);
}
