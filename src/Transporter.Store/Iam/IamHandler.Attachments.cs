namespace Transporter.Store.Iam;

internal sealed partial class IamHandler
{
    private async Task<IamReply> AttachUserPolicyAsync(IamRequest request)
    {
        var userName = request.Required("UserName");
        var name = request.PolicyNameOf(request.Required("PolicyArn"));
        await AuthorizeAsync(request, request.UserArn(userName)).ConfigureAwait(false);
        await attachmentStore.AttachUserPolicyAsync(request.Root.Name, userName, name, request.Http.RequestAborted).ConfigureAwait(false);
        return Empty(request);
    }

    private async Task<IamReply> DetachUserPolicyAsync(IamRequest request)
    {
        var userName = request.Required("UserName");
        var name = request.PolicyNameOf(request.Required("PolicyArn"));
        await AuthorizeAsync(request, request.UserArn(userName)).ConfigureAwait(false);
        await attachmentStore.DetachUserPolicyAsync(request.Root.Name, userName, name, request.Http.RequestAborted).ConfigureAwait(false);
        return Empty(request);
    }

    private async Task<IamReply> ListAttachedUserPoliciesAsync(IamRequest request)
    {
        var userName = request.Required("UserName");
        await AuthorizeAsync(request, request.UserArn(userName), userName).ConfigureAwait(false);
        var attached = await attachmentStore.ListAttachedUserPoliciesAsync(request.Root.Name, userName, request.Http.RequestAborted).ConfigureAwait(false);
        var reply = Result(request);
        reply.Xml.Open("AttachedPolicies");
        foreach (var policy in attached)
            reply.Xml.Open("member").Element("PolicyName", policy.Name).Element("PolicyArn", request.PolicyArn(policy)).Close();
        reply.Xml.Close().Element("IsTruncated", false).Element("Marker", "");
        return reply;
    }

    private async Task<IamReply> ListEntitiesForPolicyAsync(IamRequest request)
    {
        var arn = request.Required("PolicyArn");
        var name = request.PolicyNameOf(arn);
        await AuthorizeAsync(request, arn).ConfigureAwait(false);
        var users = await attachmentStore.ListEntitiesForPolicyAsync(request.Root.Name, name, request.Http.RequestAborted).ConfigureAwait(false);
        var reply = Result(request);
        reply.Xml.Open("PolicyUsers");
        foreach (var user in users) reply.Xml.Open("member").Element("UserName", user).Close();
        reply.Xml.Close().Open("PolicyRoles").Close().Open("PolicyGroups").Close().Element("IsTruncated", false);
        return reply;
    }
}
