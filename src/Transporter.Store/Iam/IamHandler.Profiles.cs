using System.Globalization;

namespace Transporter.Store.Iam;

internal sealed partial class IamHandler
{
    /// <summary>The spec's RSGetUserInfo: the users of UserList.N (the caller without one) as a JSON array; names that
    /// are no user of the root are left out, as in the spec's example. A user may read itself; others need
    /// iam:RSGetUserInfo on the user (the root user may read all).</summary>
    private async Task<IamReply> GetUserInfoAsync(IamRequest request)
    {
        var ct = request.Http.RequestAborted;
        var names = request.Parameters.Where(p => p.Key.StartsWith("UserList.", StringComparison.Ordinal) && p.Value.Length > 0)
            .OrderBy(p => int.TryParse(p.Key["UserList.".Length..], NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : int.MaxValue)
            .Select(p => p.Value).Distinct(StringComparer.Ordinal).ToList();
        if (names.Count == 0) names.Add(request.Caller.UserName);
        var answer = new List<object>();
        foreach (var name in names)
        {
            await AuthorizeAsync(request, request.UserArn(name), name).ConfigureAwait(false);
            if (await userStore.GetUserAsync(request.Root.Name, name, ct).ConfigureAwait(false) is not { } user) continue;
            var profile = await userStore.GetProfileAsync(request.Root.Name, name, ct).ConfigureAwait(false);
            answer.Add(new
            {
                Id = user.Id,
                Name = user.UserName,
                PwdMustChange = await passwordStore.PasswordMustChangeAsync(request.Root.Name, name, ct).ConfigureAwait(false),
                Email = user.UserName,
                Firstname = profile.FirstName,
                Lastname = profile.LastName,
                Type = profile.Type,
                CreatedOn = user.CreatedAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture),
                LastAccess = "0001-01-01T00:00:00Z",
                Path = "",
                Root = request.Root.Name,
                AuthMethod = profile.AuthMethod,
            });
        }
        return IamReply.Json(request, answer);
    }

    /// <summary>The spec's RSSetUserInfo: Name (required), Firstname, Lastname, Type (root, admin, user).</summary>
    private async Task<IamReply> SetUserInfoAsync(IamRequest request)
    {
        var name = request.Required("Name");
        await AuthorizeAsync(request, request.UserArn(name)).ConfigureAwait(false);
        await userStore.SetProfileAsync(request.Root.Name, name, request.Optional("Firstname"), request.Optional("Lastname"), request.Optional("Type"), null,
            request.Http.RequestAborted).ConfigureAwait(false);
        return Empty(request);
    }

    /// <summary>The spec's RSSetUserAuthMethod: Name and AuthMethod (password or federated, i.e. SAML, which RSLogin refuses).</summary>
    private async Task<IamReply> SetUserAuthMethodAsync(IamRequest request)
    {
        var name = request.Required("Name");
        var method = request.Required("AuthMethod");
        await AuthorizeAsync(request, request.UserArn(name)).ConfigureAwait(false);
        await userStore.SetProfileAsync(request.Root.Name, name, null, null, null, method, request.Http.RequestAborted).ConfigureAwait(false);
        return Empty(request);
    }
}
