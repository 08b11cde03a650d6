using Transporter.Identity;
using Transporter.Identity.Policies;
using Transporter.Store.Protocol.Access;

namespace Transporter.Api.Access;

/// <summary>
/// Decides Transporter actions for the API and the GUI with the policies the store uses (<see cref="CallerPolicies"/>):
/// the root user may do everything in its root, another user what its attached policies allow (an explicit Deny wins,
/// nothing allowing it means no), a session policy narrows either.
/// </summary>
public sealed class TransporterAuthorizer(CallerPolicies policies)
{
    /// <summary>Null when <paramref name="caller"/> may take <paramref name="action"/> on <paramref name="resource"/>, else why not.</summary>
    /// <param name="http">The request, for condition keys such as aws:SourceIp; null in an interactive GUI circuit,
    /// where only the caller's and the time's keys have values.</param>
    public async ValueTask<string?> RefusalAsync(Caller caller, string action, string resource, HttpContext? http, CancellationToken ct)
    {
        var request = new PolicyRequest(caller.Root, caller.UserName, action, resource, name => GlobalConditionKeys.Value(name, http, caller));
        var decision = await policies.DecideAsync(caller, request, ct).ConfigureAwait(false);
        if (decision == PolicyDecision.Allow) return null;
        var why = decision == PolicyDecision.Deny ? "with an explicit deny" : "because no policy allows it";
        return $"User: {caller.UserName} is not authorized to perform: {action} on resource: {resource} {why}";
    }
}
