namespace Transporter.Identity.Policies;

/// <summary>
/// A request as policies see it: who (an account, i.e. a root, and a user; both null for an anonymous request), the
/// action ("s3:GetObject"), the resource ARN ("arn:aws:s3:::bucket/key"), and the values of condition keys, looked up
/// only when a condition names them (some, such as s3:ExistingObjectTag/*, cost a read).
/// </summary>
public sealed record PolicyRequest(string? Account, string? User, string Action, string Resource, Func<string, IReadOnlyList<string>?> ConditionValues)
{
    public bool IsAnonymous => Account is null;
}
