namespace Transporter.Store.Identity.Policies;

public enum PolicyEffect
{
    Allow,
    Deny,
}
