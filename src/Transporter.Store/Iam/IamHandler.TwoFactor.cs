namespace Transporter.Store.Iam;

internal sealed partial class IamHandler
{
    /// <summary>The spec's RSPrepareTFA for the caller: {"secret","qrCodeUrl"}. The "QR code URL" is the otpauth:// URI
    /// an authenticator app reads (there is no QR image library here: a client draws the code from it).</summary>
    private async Task<IamReply> PrepareTwoFactorAsync(IamRequest request)
    {
        var user = request.Caller.UserName;
        await AuthorizeAsync(request, request.UserArn(user), user).ConfigureAwait(false);
        var secret = await twoFactorStore.PrepareTwoFactorAsync(request.Root.Name, user, request.Http.RequestAborted).ConfigureAwait(false);
        var uri = $"otpauth://totp/{Uri.EscapeDataString("Transporter:" + user)}?secret={secret}&issuer=Transporter&digits=6&period=30";
        return IamReply.Json(request, new { secret, qrCodeUrl = uri });
    }

    /// <summary>The spec's RSEnableTFA for the caller: OTP of the prepared secret gives {"recoveryCodes":[10 codes]}.</summary>
    private async Task<IamReply> EnableTwoFactorAsync(IamRequest request)
    {
        var user = request.Caller.UserName;
        var otp = request.Required("OTP");
        await AuthorizeAsync(request, request.UserArn(user), user).ConfigureAwait(false);
        var codes = await twoFactorStore.EnableTwoFactorAsync(request.Root.Name, user, otp, request.Http.RequestAborted).ConfigureAwait(false)
                    ?? throw IamException.InvalidInput("The OTP is not a current code of the prepared secret.");
        return IamReply.Json(request, new { recoveryCodes = codes });
    }

    /// <summary>The spec's RSDisableTFA for the caller.</summary>
    private async Task<IamReply> DisableTwoFactorAsync(IamRequest request)
    {
        var user = request.Caller.UserName;
        await AuthorizeAsync(request, request.UserArn(user), user).ConfigureAwait(false);
        await twoFactorStore.DisableTwoFactorAsync(request.Root.Name, user, request.Http.RequestAborted).ConfigureAwait(false);
        return Empty(request);
    }
}
