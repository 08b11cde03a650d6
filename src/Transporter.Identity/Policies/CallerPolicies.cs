namespace Transporter.Identity.Policies;

/// <summary>
/// What the caller's own (identity) policies say about a request, on every surface (store, IAM, API): the root user
/// may do everything in its root; any other user only what its attached policies allow (an explicit Deny wins, no
/// statement means no); the session policy of temporary keys narrows either (it must allow too).
/// </summary>
public sealed class CallerPolicies(UserPolicyCache cache)
{
    /// <summary>Loads what <see cref="Decide"/> needs into the cache (call before a synchronous decision).</summary>
    public async ValueTask PrepareAsync(Caller? caller, CancellationToken ct)
    {
        if (caller is { IsRoot: false }) await cache.GetAsync(caller.Root, caller.UserName, ct).ConfigureAwait(false);
    }

    /// <summary>Allow, Deny (explicit), or NotApplicable (nothing allows it: refused for a caller within its own root).</summary>
    public PolicyDecision Decide(Caller caller, PolicyRequest request)
    {
        var decision = PolicyDecision.Allow;
        if (!caller.IsRoot)
        {
            var documents = cache.TryGet(caller.Root, caller.UserName, out var cached)
                ? cached
                : cache.GetAsync(caller.Root, caller.UserName, CancellationToken.None).AsTask().GetAwaiter().GetResult();
            decision = PolicyEvaluator.Evaluate(documents, request);
        }
        if (decision == PolicyDecision.Deny || caller.SessionPolicy is null) return decision;
        var session = PolicyEvaluator.Evaluate([caller.SessionPolicy], request);
        if (session == PolicyDecision.Deny) return PolicyDecision.Deny;
        return session == PolicyDecision.Allow ? decision : PolicyDecision.NotApplicable;
    }

    /// <summary>The async form of <see cref="Decide"/> for callers that are not on a synchronous path.</summary>
    public async ValueTask<PolicyDecision> DecideAsync(Caller caller, PolicyRequest request, CancellationToken ct)
    {
        await PrepareAsync(caller, ct).ConfigureAwait(false);
        return Decide(caller, request);
    }
}
