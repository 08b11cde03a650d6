namespace Transporter.Store.Admin;

/// <summary>POST /admin/v1/roots/{root}/users/{user}/policies: a new managed policy of the root, attached to the user
/// (what `aws iam create-policy` + `attach-user-policy` do, for provisioning without the root's keys).</summary>
public sealed record AttachUserPolicyRequest(string? PolicyName, string? PolicyDocument);
