namespace Transporter.Identity.Policies;

/// <summary>What a set of policies says about a request: no statement applies, one allows it, or one denies it (a
/// Deny wins over any Allow).</summary>
public enum PolicyDecision
{
    NotApplicable,
    Allow,
    Deny,
}
