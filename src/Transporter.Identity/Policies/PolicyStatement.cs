namespace Transporter.Identity.Policies;

/// <summary>One statement: Effect, Principal or NotPrincipal (bucket policies), Action or NotAction, Resource or
/// NotResource, and conditions that must all hold.</summary>
public sealed record PolicyStatement(
    string? Sid,
    PolicyEffect Effect,
    PolicyPrincipal? Principal,
    PolicyPrincipal? NotPrincipal,
    IReadOnlyList<string> Actions,
    bool NotAction,
    IReadOnlyList<string> Resources,
    bool NotResource,
    IReadOnlyList<PolicyCondition> Conditions)
{
    public bool Applies(PolicyRequest request)
    {
        if (Principal is not null && !Principal.Matches(request)) return false;
        if (NotPrincipal is not null && NotPrincipal.Matches(request)) return false;
        var actionMatch = Actions.Any(a => WildcardPattern.Matches(a, request.Action, ignoreCase: true));
        if (actionMatch == NotAction) return false;
        var resourceMatch = Resources.Any(r => WildcardPattern.Matches(r, request.Resource));
        if (resourceMatch == NotResource) return false;
        return Conditions.All(c => c.Holds(request));
    }

    /// <summary>An Allow for everyone that no condition narrows: what makes a bucket policy public.</summary>
    public bool IsPublicAllow =>
        Effect == PolicyEffect.Allow && Principal is { Everyone: true } && !Conditions.Any(c =>
            c.Key is "aws:SourceIp" or "aws:SourceVpc" or "aws:SourceVpce" or "aws:PrincipalAccount" or "aws:SourceAccount"
                or "aws:PrincipalOrgID" or "aws:userid" or "aws:username" or "aws:SourceArn" or "aws:SourceOwner");
}
