using Transporter.Identity.Accounts;

namespace Transporter.Store.Iam;

internal sealed partial class IamHandler
{
    private async Task<IamReply> CreatePolicyAsync(IamRequest request)
    {
        var name = request.Required("PolicyName");
        var document = request.Required("PolicyDocument");
        var path = request.Optional("Path") ?? "/";
        await AuthorizeAsync(request, $"arn:aws:iam::{request.Root.Id}:policy{path}{name}").ConfigureAwait(false);
        var policy = await managedPolicyStore.CreatePolicyAsync(request.Root.Name, name, document, path, request.Optional("Description"),
            request.Http.RequestAborted).ConfigureAwait(false);
        var reply = Result(request);
        WritePolicy(reply, request, policy, "Policy");
        return reply;
    }

    private async Task<IamReply> GetPolicyAsync(IamRequest request)
    {
        var arn = request.Required("PolicyArn");
        var name = request.PolicyNameOf(arn);
        await AuthorizeAsync(request, arn).ConfigureAwait(false);
        var policy = await managedPolicyStore.GetPolicyAsync(request.Root.Name, name, request.Http.RequestAborted).ConfigureAwait(false);
        var reply = Result(request);
        WritePolicy(reply, request, policy, "Policy");
        return reply;
    }

    private async Task<IamReply> DeletePolicyAsync(IamRequest request)
    {
        var arn = request.Required("PolicyArn");
        var name = request.PolicyNameOf(arn);
        await AuthorizeAsync(request, arn).ConfigureAwait(false);
        await managedPolicyStore.DeletePolicyAsync(request.Root.Name, name, request.Http.RequestAborted).ConfigureAwait(false);
        return Empty(request);
    }

    private async Task<IamReply> ListPoliciesAsync(IamRequest request)
    {
        await AuthorizeAsync(request, PolicyListArn(request)).ConfigureAwait(false);
        // Scope=AWS lists AWS-managed policies, of which this store has none.
        var list = request.Optional("Scope") == "AWS"
            ? []
            : await managedPolicyStore.ListPoliciesAsync(request.Root.Name, request.Optional("PathPrefix"), request.Flag("OnlyAttached"),
                request.Http.RequestAborted).ConfigureAwait(false);
        var reply = Result(request);
        reply.Xml.Open("Policies");
        foreach (var policy in list) WritePolicy(reply, request, policy, "member");
        reply.Xml.Close().Element("IsTruncated", false).Element("Marker", "");
        return reply;
    }

    private async Task<IamReply> CreatePolicyVersionAsync(IamRequest request)
    {
        var arn = request.Required("PolicyArn");
        var document = request.Required("PolicyDocument");
        var name = request.PolicyNameOf(arn);
        await AuthorizeAsync(request, arn).ConfigureAwait(false);
        var version = await managedPolicyStore.CreatePolicyVersionAsync(request.Root.Name, name, document, request.Flag("SetAsDefault"),
            request.Http.RequestAborted).ConfigureAwait(false);
        var reply = Result(request);
        WriteVersion(reply, version, "PolicyVersion", withDocument: false);
        return reply;
    }

    private async Task<IamReply> GetPolicyVersionAsync(IamRequest request)
    {
        var arn = request.Required("PolicyArn");
        var versionId = request.Required("VersionId");
        var name = request.PolicyNameOf(arn);
        await AuthorizeAsync(request, arn).ConfigureAwait(false);
        var version = await managedPolicyStore.GetPolicyVersionAsync(request.Root.Name, name, versionId, request.Http.RequestAborted).ConfigureAwait(false);
        var reply = Result(request);
        WriteVersion(reply, version, "PolicyVersion", withDocument: true);
        return reply;
    }

    private async Task<IamReply> ListPolicyVersionsAsync(IamRequest request)
    {
        var arn = request.Required("PolicyArn");
        var name = request.PolicyNameOf(arn);
        await AuthorizeAsync(request, arn).ConfigureAwait(false);
        var versions = await managedPolicyStore.ListPolicyVersionsAsync(request.Root.Name, name, request.Http.RequestAborted).ConfigureAwait(false);
        var reply = Result(request);
        reply.Xml.Open("Versions");
        foreach (var version in versions) WriteVersion(reply, version, "member", withDocument: false);
        reply.Xml.Close().Element("IsTruncated", false).Element("Marker", "");
        return reply;
    }

    private async Task<IamReply> DeletePolicyVersionAsync(IamRequest request)
    {
        var arn = request.Required("PolicyArn");
        var versionId = request.Required("VersionId");
        var name = request.PolicyNameOf(arn);
        await AuthorizeAsync(request, arn).ConfigureAwait(false);
        await managedPolicyStore.DeletePolicyVersionAsync(request.Root.Name, name, versionId, request.Http.RequestAborted).ConfigureAwait(false);
        return Empty(request);
    }

    private async Task<IamReply> SetDefaultPolicyVersionAsync(IamRequest request)
    {
        var arn = request.Required("PolicyArn");
        var versionId = request.Required("VersionId");
        var name = request.PolicyNameOf(arn);
        await AuthorizeAsync(request, arn).ConfigureAwait(false);
        await managedPolicyStore.SetDefaultPolicyVersionAsync(request.Root.Name, name, versionId, request.Http.RequestAborted).ConfigureAwait(false);
        // The spec's answer is named SetDefaultPolicyResponse.
        return Empty(request, "SetDefaultPolicyResponse");
    }

    private static void WritePolicy(IamReply reply, IamRequest request, ManagedPolicyInfo policy, string element) =>
        reply.Xml.Open(element)
            .Element("PolicyName", policy.Name)
            .Element("DefaultVersionId", policy.DefaultVersionId)
            .Element("PolicyId", policy.Id)
            .Element("Path", policy.Path)
            .Element("Arn", request.PolicyArn(policy))
            .Element("AttachmentCount", policy.AttachmentCount)
            .Element("IsAttachable", true)
            .Element("CreateDate", policy.CreatedAt)
            .Element("UpdateDate", policy.UpdatedAt)
            .Element("Description", policy.Description)
            .Close();

    private static void WriteVersion(IamReply reply, PolicyVersionInfo version, string element, bool withDocument)
    {
        reply.Xml.Open(element);
        if (withDocument) reply.Xml.Element("Document", version.Document);
        reply.Xml.Element("IsDefaultVersion", version.IsDefaultVersion)
            .Element("VersionId", version.VersionId)
            .Element("CreateDate", version.CreatedAt)
            .Close();
    }
}
