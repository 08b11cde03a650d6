namespace Transporter.Identity.Policies;

public enum PolicyEffect
{
    Allow,
    Deny,
}
