namespace Transporter.Identity.Accounts;

/// <summary>Why an identity operation was refused; the admin API maps the kind to 404, 409 or 400, IAM to its error codes.</summary>
public sealed class IdentityException(IdentityErrorKind kind, string message) : Exception(message)
{
    public IdentityErrorKind Kind { get; } = kind;
}

public enum IdentityErrorKind
{
    NotFound,
    Conflict,
    Invalid,

    /// <summary>The entity is still in use (a user with keys or policies, a policy attached or with other versions).</summary>
    DeleteConflict,

    /// <summary>A limit would be exceeded (five versions of a policy, ten policies attached to a user).</summary>
    LimitExceeded,
}
