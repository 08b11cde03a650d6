using Transporter.Api.Access;
using Transporter.Identity;

namespace Transporter.Api.Gui.Services;

/// <summary>The GUI's reads decided as the API's: a page that shows migrations, plans or statistics asks first.</summary>
public static class GuiReadAccess
{
    /// <exception cref="ReadRefusedException">The caller's policies refuse <paramref name="action"/> on <paramref name="resource"/>.</exception>
    public static async Task RefuseReadAsync(this TransporterAuthorizer authorizer, Caller caller, string action, string resource, CancellationToken ct)
    {
        if (await authorizer.RefusalAsync(caller, action, resource, null, ct) is { } refusal) throw new ReadRefusedException(refusal);
    }
}
