namespace Transporter.Identity.Accounts;

/// <summary>Why an identity operation was refused; the admin API maps the kind to 404, 409 or 400.</summary>
public sealed class IdentityException(IdentityErrorKind kind, string message) : Exception(message)
{
    public IdentityErrorKind Kind { get; } = kind;
}

public enum IdentityErrorKind
{
    NotFound,
    Conflict,
    Invalid,
}
