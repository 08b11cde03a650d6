using Transporter.Identity;
using Transporter.Identity.Accounts;

namespace Transporter.Api.Gui.Services;

/// <summary>
/// The Users and keys page's actions for a root's administrator (its root user), through the identity store the IAM
/// endpoint uses, with its rules (names, a user with keys or policies cannot be deleted, ...): the root's users with
/// their keys and attached policies; create a user, create a key (its secret shown once), delete a key, attach or detach
/// a managed policy. Each change is written to the audit log as an IAM action of the GUI (service "gui").
/// </summary>
public sealed class GuiUsers(UserStore users, AccessKeyStore keys, ManagedPolicyStore policies, PolicyAttachmentStore attachments, AuditLog audit,
    TimeProvider clock)
{
    public const string OnlyRootUser = "Only the root user of a root administers its users and keys.";

    /// <summary>The root's users by name, with their keys and attached policies; none for a user who is not the root user.</summary>
    public async Task<IReadOnlyList<UserOverview>> ListAsync(Caller caller, CancellationToken ct)
    {
        if (!caller.IsRoot) return [];
        var listed = new List<UserOverview>();
        foreach (var user in (await users.ListUsersAsync(caller.Root, ct)).OrderBy(u => u.UserName, StringComparer.Ordinal))
        {
            var userKeys = await keys.ListAccessKeysAsync(caller.Root, user.UserName, ct);
            var attached = await attachments.ListAttachedUserPoliciesAsync(caller.Root, user.UserName, ct);
            listed.Add(new UserOverview(user, userKeys, attached.Select(p => p.Name).ToList()));
        }
        return listed;
    }

    /// <summary>The root's managed policies, by name.</summary>
    public async Task<IReadOnlyList<string>> PolicyNamesAsync(Caller caller, CancellationToken ct) =>
        caller.IsRoot ? (await policies.ListPoliciesAsync(caller.Root, ct: ct)).Select(p => p.Name).Order(StringComparer.Ordinal).ToList() : [];

    public Task<ActionOutcome> CreateUserAsync(Caller caller, string? userName, CancellationToken ct) =>
        RunAsync(caller, "CreateUser", async () =>
        {
            var created = await users.CreateUserAsync(caller.Root, (userName ?? "").Trim(), ct);
            return ActionOutcome.Done($"Created user {created.UserName}.");
        }, ct);

    /// <summary>Creates a key; the outcome's message holds its secret, shown this once.</summary>
    public async Task<(ActionOutcome Outcome, NewAccessKey? Key)> CreateKeyAsync(Caller caller, string userName, CancellationToken ct)
    {
        NewAccessKey? key = null;
        var outcome = await RunAsync(caller, "CreateAccessKey", async () =>
        {
            key = await keys.CreateAccessKeyAsync(caller.Root, userName, ct: ct);
            return ActionOutcome.Done($"Created access key {key.AccessKeyId} for {userName}. Copy its secret key now: it is not shown again.");
        }, ct);
        return (outcome, key);
    }

    public Task<ActionOutcome> DeleteKeyAsync(Caller caller, string userName, string accessKeyId, CancellationToken ct) =>
        RunAsync(caller, "DeleteAccessKey", async () =>
        {
            if (accessKeyId == caller.AccessKey) return ActionOutcome.Refused("This is the key you are signed in with; sign in with another to delete it.");
            await keys.DeleteAccessKeyAsync(caller.Root, userName, accessKeyId, ct);
            return ActionOutcome.Done($"Deleted access key {accessKeyId} of {userName}.");
        }, ct);

    public Task<ActionOutcome> AttachPolicyAsync(Caller caller, string userName, string? policyName, CancellationToken ct) =>
        RunAsync(caller, "AttachUserPolicy", async () =>
        {
            if (string.IsNullOrEmpty(policyName)) return ActionOutcome.Refused("Choose a policy to attach.");
            await attachments.AttachUserPolicyAsync(caller.Root, userName, policyName, ct);
            return ActionOutcome.Done($"Attached {policyName} to {userName}.");
        }, ct);

    public Task<ActionOutcome> DetachPolicyAsync(Caller caller, string userName, string policyName, CancellationToken ct) =>
        RunAsync(caller, "DetachUserPolicy", async () =>
        {
            await attachments.DetachUserPolicyAsync(caller.Root, userName, policyName, ct);
            return ActionOutcome.Done($"Detached {policyName} from {userName}.");
        }, ct);

    /// <summary>Runs one change for the root user only, turns the identity store's refusals into the page's outcome, and
    /// audits it.</summary>
    private async Task<ActionOutcome> RunAsync(Caller caller, string action, Func<Task<ActionOutcome>> change, CancellationToken ct)
    {
        ActionOutcome outcome;
        string? error = null;
        if (!caller.IsRoot) (outcome, error) = (ActionOutcome.Refused(OnlyRootUser), "AccessDenied");
        else
        {
            try
            {
                outcome = await change();
            }
            catch (IdentityException e)
            {
                (outcome, error) = (ActionOutcome.Refused(e.Message), e.Kind.ToString());
            }
        }
        await audit.RecordAuditAsync(new AuditEntry(caller.Root, caller.UserName, caller.AccessKey, "gui", action, null,
            outcome.Succeeded, error ?? (outcome.Succeeded ? null : "Refused"), clock.GetUtcNow()), ct);
        return outcome;
    }
}

/// <summary>A user of the root as the Users and keys page lists it.</summary>
public sealed record UserOverview(UserInfo User, IReadOnlyList<AccessKeyInfo> Keys, IReadOnlyList<string> Policies);
