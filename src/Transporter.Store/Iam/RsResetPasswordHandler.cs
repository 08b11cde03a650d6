using Microsoft.AspNetCore.Http;
using Transporter.Identity;
using Transporter.Identity.Accounts;
using Transporter.Store.Protocol.Xml;

namespace Transporter.Store.Iam;

/// <summary>
/// IAM RSResetPassword: Token (from RSGetPasswordResetToken) and NewPassword set the token's user's password; the call
/// is not authenticated (the token is the proof), so it is served signed or not. An unknown, used or expired token is
/// 403 AccessDenied; a weak password PasswordPolicyViolation, leaving the token usable.
/// </summary>
internal sealed class RsResetPasswordHandler(PasswordStore passwordStore)
{
    public const string Action = "RSResetPassword";

    /// <summary>Resets the password and answers; returns the user whose password changed (for the audit log).</summary>
    public async Task<Caller> ResetAsync(HttpContext context, IReadOnlyDictionary<string, string> parameters, string requestId)
    {
        string Required(string name) => parameters.TryGetValue(name, out var value) && value.Length > 0 ? value : throw IamException.Missing(name);
        var token = Required("Token");
        var password = Required("NewPassword");
        if (PasswordHashing.Weakness(password) is { } weakness) throw new IamException(400, "PasswordPolicyViolation", weakness);
        var owner = await passwordStore.ResetPasswordAsync(token, password, context.RequestAborted).ConfigureAwait(false)
                    ?? throw IamException.AccessDenied("The password reset token is unknown, used or expired.");
        var reply = new XmlResponse(Action + "Response", IamEndpoint.IamNamespace);
        reply.Open("ResponseMetadata").Element("RequestId", requestId).Close();
        context.Response.Headers["x-amzn-RequestId"] = requestId;
        await reply.SendAsync(context.Response).ConfigureAwait(false);
        return new Caller(owner.Root, owner.UserName, "-", false);
    }
}
