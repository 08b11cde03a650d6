namespace Transporter.Store.Iam;

internal sealed partial class IamHandler
{
    private async Task<IamReply> CreateAccessKeyAsync(IamRequest request)
    {
        var userName = request.UserOrCaller;
        await AuthorizeAsync(request, request.UserArn(userName), userName).ConfigureAwait(false);
        var key = await accessKeyStore.CreateAccessKeyAsync(request.Root.Name, userName, ct: request.Http.RequestAborted).ConfigureAwait(false);
        var reply = Result(request);
        reply.Xml.Open("AccessKey")
            .Element("UserName", key.UserName)
            .Element("AccessKeyId", key.AccessKeyId)
            .Element("Status", "Active")
            .Element("SecretAccessKey", key.SecretAccessKey)
            .Element("CreateDate", key.CreatedAt)
            .Close();
        return reply;
    }

    private async Task<IamReply> DeleteAccessKeyAsync(IamRequest request)
    {
        var accessKeyId = request.Required("AccessKeyId");
        var userName = request.UserOrCaller;
        await AuthorizeAsync(request, request.UserArn(userName), userName).ConfigureAwait(false);
        await accessKeyStore.DeleteAccessKeyAsync(request.Root.Name, userName, accessKeyId, request.Http.RequestAborted).ConfigureAwait(false);
        return Empty(request);
    }

    private async Task<IamReply> ListAccessKeysAsync(IamRequest request)
    {
        var userName = request.UserOrCaller;
        await AuthorizeAsync(request, request.UserArn(userName), userName).ConfigureAwait(false);
        var keys = await accessKeyStore.ListAccessKeysAsync(request.Root.Name, userName, request.Http.RequestAborted).ConfigureAwait(false);
        var reply = Result(request);
        reply.Xml.Open("AccessKeyMetadata");
        foreach (var key in keys)
            reply.Xml.Open("member")
                .Element("UserName", key.UserName)
                .Element("AccessKeyId", key.AccessKeyId)
                .Element("Status", "Active")
                .Element("CreateDate", key.CreatedAt)
                .Close();
        reply.Xml.Close().Element("UserName", userName).Element("IsTruncated", false);
        return reply;
    }
}
