namespace Transporter.Identity.Policies;

/// <summary>IAM's evaluation over a set of documents: an explicit Deny in any of them wins, else an Allow in any of
/// them allows, else nothing applies (the caller's default decides: deny, or an ACL).</summary>
public static class PolicyEvaluator
{
    public static PolicyDecision Evaluate(IEnumerable<PolicyDocument> documents, PolicyRequest request)
    {
        var decision = PolicyDecision.NotApplicable;
        foreach (var document in documents)
            foreach (var statement in document.Statements)
            {
                if (!statement.Applies(request)) continue;
                if (statement.Effect == PolicyEffect.Deny) return PolicyDecision.Deny;
                decision = PolicyDecision.Allow;
            }
        return decision;
    }
}
