using Transporter.Identity.Accounts;
using Transporter.Identity.Policies;
using Transporter.Store.Protocol.Access;

namespace Transporter.Store.Iam;

/// <summary>
/// The IAM actions over the identity stores, each scoped to the caller's root. The root user may do all of them; a
/// user may manage its own access keys (the spec's "User" role), and anything else an attached policy allows
/// ("iam:CreateUser" on "arn:aws:iam::ROOTID:user/NAME", ...). Split by family: .Users.cs, .AccessKeys.cs,
/// .Policies.cs, .Attachments.cs, .Passwords.cs, .Profiles.cs and .TwoFactor.cs (the spec's RS* user actions).
/// </summary>
internal sealed partial class IamHandler(
    UserStore userStore, AccessKeyStore accessKeyStore, PasswordStore passwordStore, TwoFactorStore twoFactorStore, ManagedPolicyStore managedPolicyStore,
    PolicyAttachmentStore attachmentStore, CallerPolicies policies)
{
    public const string Version = "2010-05-08";
    private const string Service = "iam";

    /// <summary>Actions a user may take on itself without any policy.</summary>
    private static readonly HashSet<string> SelfService = new(StringComparer.Ordinal) { "CreateAccessKey", "DeleteAccessKey", "ListAccessKeys", "GetUser", "ChangePassword", "RSGetUserInfo",
        "RSPrepareTFA", "RSEnableTFA", "RSDisableTFA", "RSGetPasswordResetToken", "RSGetToken" };

    public Task<IamReply> HandleAsync(IamRequest request) => request.Action switch
    {
        "CreateUser" => CreateUserAsync(request),
        "GetUser" => GetUserAsync(request),
        "DeleteUser" => DeleteUserAsync(request),
        "ListUsers" => ListUsersAsync(request),
        "CreateAccessKey" => CreateAccessKeyAsync(request),
        "DeleteAccessKey" => DeleteAccessKeyAsync(request),
        "ListAccessKeys" => ListAccessKeysAsync(request),
        "CreatePolicy" => CreatePolicyAsync(request),
        "GetPolicy" => GetPolicyAsync(request),
        "DeletePolicy" => DeletePolicyAsync(request),
        "ListPolicies" => ListPoliciesAsync(request),
        "CreatePolicyVersion" => CreatePolicyVersionAsync(request),
        "GetPolicyVersion" => GetPolicyVersionAsync(request),
        "ListPolicyVersions" => ListPolicyVersionsAsync(request),
        "DeletePolicyVersion" => DeletePolicyVersionAsync(request),
        "SetDefaultPolicyVersion" => SetDefaultPolicyVersionAsync(request),
        "AttachUserPolicy" => AttachUserPolicyAsync(request),
        "DetachUserPolicy" => DetachUserPolicyAsync(request),
        "ListAttachedUserPolicies" => ListAttachedUserPoliciesAsync(request),
        "ListEntitiesForPolicy" => ListEntitiesForPolicyAsync(request),
        "ChangePassword" => ChangePasswordAsync(request),
        "UpdateLoginProfile" => UpdateLoginProfileAsync(request),
        "RSGetUserInfo" => GetUserInfoAsync(request),
        "RSSetUserInfo" => SetUserInfoAsync(request),
        "RSSetUserAuthMethod" => SetUserAuthMethodAsync(request),
        "RSGetPasswordResetToken" or "RSGetToken" => GetPasswordResetTokenAsync(request),
        "RSPrepareTFA" => PrepareTwoFactorAsync(request),
        "RSEnableTFA" => EnableTwoFactorAsync(request),
        "RSDisableTFA" => DisableTwoFactorAsync(request),
        var other => throw new IamException(400, "InvalidAction", $"Could not find operation {other} for version {Version}"),
    };

    /// <summary>Refuses the request unless the caller may take its action on <paramref name="resourceArn"/>.</summary>
    private async Task AuthorizeAsync(IamRequest request, string resourceArn, string? targetUser = null)
    {
        var caller = request.Caller;
        if (caller.SessionPolicy is null && (caller.IsRoot || (targetUser == caller.UserName && SelfService.Contains(request.Action)))) return;
        var policyRequest = new PolicyRequest(caller.Root, caller.UserName, "iam:" + request.Action, resourceArn,
            name => GlobalConditionKeys.Value(name, request.Http, caller));
        if (await policies.DecideAsync(caller, policyRequest, request.Http.RequestAborted).ConfigureAwait(false) == PolicyDecision.Allow) return;
        throw IamException.AccessDenied(
            $"User: {request.UserArn(caller.UserName)} is not authorized to perform: iam:{request.Action} on resource: {resourceArn}");
    }

    private static IamReply Result(IamRequest request) => IamReply.WithResult(request, Service);

    private static IamReply Empty(IamRequest request, string? rootElement = null) => IamReply.Empty(request, Service, rootElement);

    private static string PolicyListArn(IamRequest request) => $"arn:aws:iam::{request.Root.Id}:policy/*";
}
