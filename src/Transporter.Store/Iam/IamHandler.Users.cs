using Transporter.Identity.Accounts;

namespace Transporter.Store.Iam;

internal sealed partial class IamHandler
{
    private async Task<IamReply> CreateUserAsync(IamRequest request)
    {
        var userName = request.Required("UserName");
        await AuthorizeAsync(request, request.UserArn(userName)).ConfigureAwait(false);
        var user = await userStore.CreateUserAsync(request.Root.Name, userName, request.Http.RequestAborted).ConfigureAwait(false);
        var reply = Result(request);
        WriteUser(reply, request, user, "User");
        return reply;
    }

    private async Task<IamReply> GetUserAsync(IamRequest request)
    {
        var userName = request.UserOrCaller;
        await AuthorizeAsync(request, request.UserArn(userName), userName).ConfigureAwait(false);
        var user = await userStore.GetUserAsync(request.Root.Name, userName, request.Http.RequestAborted).ConfigureAwait(false)
                   ?? throw new IdentityException(IdentityErrorKind.NotFound, $"The user with name {userName} cannot be found.");
        var reply = Result(request);
        WriteUser(reply, request, user, "User");
        return reply;
    }

    private async Task<IamReply> DeleteUserAsync(IamRequest request)
    {
        var userName = request.Required("UserName");
        await AuthorizeAsync(request, request.UserArn(userName)).ConfigureAwait(false);
        await userStore.DeleteUserAsync(request.Root.Name, userName, request.Caller.UserName, request.Http.RequestAborted).ConfigureAwait(false);
        return Empty(request);
    }

    private async Task<IamReply> ListUsersAsync(IamRequest request)
    {
        await AuthorizeAsync(request, $"arn:aws:iam::{request.Root.Id}:user/*").ConfigureAwait(false);
        var users = await userStore.ListUsersAsync(request.Root.Name, request.Http.RequestAborted).ConfigureAwait(false);
        var reply = Result(request);
        reply.Xml.Open("Users");
        foreach (var user in users) WriteUser(reply, request, user, "member");
        reply.Xml.Close().Element("IsTruncated", false);
        return reply;
    }

    private static void WriteUser(IamReply reply, IamRequest request, UserInfo user, string element) =>
        reply.Xml.Open(element)
            .Element("Path", "/")
            .Element("UserName", user.UserName)
            .Element("UserId", user.Id)
            .Element("Arn", request.UserArn(user.UserName))
            .Element("CreateDate", user.CreatedAt)
            .Close();
}
