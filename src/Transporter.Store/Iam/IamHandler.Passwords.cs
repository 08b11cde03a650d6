namespace Transporter.Store.Iam;

internal sealed partial class IamHandler
{
    /// <summary>The caller changes its own password, proving the old one.</summary>
    private async Task<IamReply> ChangePasswordAsync(IamRequest request)
    {
        var oldPassword = request.Required("OldPassword");
        var newPassword = request.Required("NewPassword");
        var caller = request.Caller;
        await AuthorizeAsync(request, request.UserArn(caller.UserName), caller.UserName).ConfigureAwait(false);
        if (!await passwordStore.VerifyPasswordAsync(request.Root.Name, caller.UserName, oldPassword, request.Http.RequestAborted).ConfigureAwait(false))
            throw IamException.AccessDenied("The old password is not correct.");
        await SetPasswordAsync(request, caller.UserName, newPassword, mustChange: false).ConfigureAwait(false);
        return Empty(request);
    }

    /// <summary>Sets another user's password (the root user, or a user its policies allow iam:UpdateLoginProfile).</summary>
    private async Task<IamReply> UpdateLoginProfileAsync(IamRequest request)
    {
        var userName = request.Required("UserName");
        var password = request.Required("Password");
        await AuthorizeAsync(request, request.UserArn(userName)).ConfigureAwait(false);
        await SetPasswordAsync(request, userName, password, request.Flag("PasswordResetRequired")).ConfigureAwait(false);
        return Empty(request);
    }

    private async Task SetPasswordAsync(IamRequest request, string userName, string password, bool mustChange)
    {
        if (Transporter.Identity.Accounts.PasswordHashing.Weakness(password) is { } weakness)
            throw new IamException(400, "PasswordPolicyViolation", weakness);
        await passwordStore.SetPasswordAsync(request.Root.Name, userName, password, mustChange, request.Http.RequestAborted).ConfigureAwait(false);
    }

    /// <summary>The spec's RSGetPasswordResetToken (RSGetToken): Type pwd_reset, UserName (the caller by default) give
    /// {"Token"} for RSResetPassword, valid 6 hours. For another user (root user, or iam:RSGetPasswordResetToken on the
    /// user) the user's current password stops working at once.</summary>
    private async Task<IamReply> GetPasswordResetTokenAsync(IamRequest request)
    {
        if (request.Required("Type") != "pwd_reset") throw IamException.Validation("Type must be pwd_reset.");
        var userName = request.UserOrCaller;
        await AuthorizeAsync(request, request.UserArn(userName), userName).ConfigureAwait(false);
        var token = await passwordStore.CreatePasswordResetTokenAsync(request.Root.Name, userName, invalidatePassword: userName != request.Caller.UserName,
            request.Http.RequestAborted).ConfigureAwait(false);
        return IamReply.Json(request, new { Token = token });
    }
}
