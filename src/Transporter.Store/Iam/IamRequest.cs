using Microsoft.AspNetCore.Http;
using Transporter.Identity;
using Transporter.Identity.Accounts;

namespace Transporter.Store.Iam;

/// <summary>One authenticated request of the IAM or STS endpoint: who, in which root, and its form parameters.</summary>
internal sealed class IamRequest(HttpContext http, Caller caller, RootInfo root, IReadOnlyDictionary<string, string> parameters, string requestId)
{
    public HttpContext Http { get; } = http;
    public Caller Caller { get; } = caller;

    /// <summary>The caller's root; its id is the account number of every ARN answered.</summary>
    public RootInfo Root { get; } = root;

    public IReadOnlyDictionary<string, string> Parameters { get; } = parameters;
    public string RequestId { get; } = requestId;
    public string Action => Parameters["Action"];

    /// <summary>A parameter that must be present and non-empty (ValidationError otherwise).</summary>
    public string Required(string name) =>
        Parameters.TryGetValue(name, out var value) && value.Length > 0 ? value : throw IamException.Missing(name);

    public string? Optional(string name) => Parameters.TryGetValue(name, out var value) && value.Length > 0 ? value : null;

    /// <summary>"true"/"false" (any case); absent gives false.</summary>
    public bool Flag(string name) => Optional(name) switch
    {
        null => false,
        var v when bool.TryParse(v, out var b) => b,
        var v => throw IamException.Validation($"Invalid value '{v}' for {name}: must be true or false."),
    };

    /// <summary>The user a request is about: UserName when given, else the caller (IAM's default for key actions).</summary>
    public string UserOrCaller => Optional("UserName") ?? Caller.UserName;

    public string UserArn(string userName) => $"arn:aws:iam::{Root.Id}:user/{userName}";

    public string PolicyArn(ManagedPolicyInfo policy) => $"arn:aws:iam::{Root.Id}:policy{policy.Path}{policy.Name}";

    /// <summary>The policy name of a PolicyArn of this root; InvalidInput when it is no policy ARN, NoSuchEntity when it
    /// is another root's (one root never learns of another's policies).</summary>
    public string PolicyNameOf(string arn)
    {
        var parts = arn.Split(':', 6);
        if (parts.Length != 6 || parts[0] != "arn" || parts[2] != "iam" || !parts[5].StartsWith("policy/", StringComparison.Ordinal))
            throw IamException.InvalidInput($"ARN {arn} is not valid.");
        var name = parts[5][(parts[5].LastIndexOf('/') + 1)..];
        if (parts[4] != Root.Id) throw new IdentityException(IdentityErrorKind.NotFound, $"Policy {arn} does not exist or is not attachable.");
        return name;
    }
}
