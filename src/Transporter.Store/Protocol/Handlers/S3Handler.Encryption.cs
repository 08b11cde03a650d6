using Transporter.Store.Engine.Model;
using Transporter.Store.Protocol.Errors;
using Transporter.Store.Protocol.Headers;
using Transporter.Store.Protocol.Xml;

namespace Transporter.Store.Protocol.Handlers;

/// <summary>Bucket default encryption (SSE-S3) and the encryption of writes.</summary>
internal sealed partial class S3Handler
{
    private const string Aes256 = "AES256";

    /// <summary>The request's SSE-S3 or SSE-C, else the bucket's default encryption.</summary>
    private ObjectWrite WithEncryption(S3Request r, ObjectWrite write)
    {
        var requested = EncryptionHeaders.ReadRequest(r.Headers);
        if (requested is null && engine.BucketSetting(r.Bucket, BucketSettingNames.Encryption) == Aes256) requested = EncryptionRequest.SseS3;
        return write with { Encrypt = requested };
    }

    private Task GetBucketEncryptionAsync(S3Request r)
    {
        if (engine.GetBucketSetting(r.Owner, r.Bucket, BucketSettingNames.Encryption) is null)
            throw new S3Exception("ServerSideEncryptionConfigurationNotFoundError");
        return new XmlResponse("ServerSideEncryptionConfiguration").Open("Rule")
            .Open("ApplyServerSideEncryptionByDefault").Element("SSEAlgorithm", Aes256).Close()
            .Element("BucketKeyEnabled", false).Close().SendAsync(r.Response);
    }

    private async Task PutBucketEncryptionAsync(S3Request r)
    {
        var root = XmlRequestBody.Parse(await ReadConfigurationAsync(r).ConfigureAwait(false));
        var rules = root.Name.LocalName == "ServerSideEncryptionConfiguration" ? root.Children("Rule").ToList() : throw new S3Exception("MalformedXML");
        if (rules.Count != 1) throw new S3Exception("MalformedXML");
        var algorithm = rules[0].Children("ApplyServerSideEncryptionByDefault").FirstOrDefault()?.ChildValue("SSEAlgorithm")?.Trim();
        switch (algorithm)
        {
            case Aes256: break;
            case "aws:kms" or "aws:kms:dsse":
                throw new S3Exception("NotImplemented", "SSE-KMS is not available: this store has no key management service; use AES256.");
            default:
                throw new S3Exception("MalformedXML");
        }
        await engine.PutBucketSettingAsync(r.Owner, r.Bucket, BucketSettingNames.Encryption, Aes256, r.Aborted).ConfigureAwait(false);
        await OkEmptyAsync(r).ConfigureAwait(false);
    }

    private async Task DeleteBucketEncryptionAsync(S3Request r)
    {
        await engine.PutBucketSettingAsync(r.Owner, r.Bucket, BucketSettingNames.Encryption, null, r.Aborted).ConfigureAwait(false);
        await NoContentAsync(r).ConfigureAwait(false);
    }
}
