using System.Text;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;
using Transporter.Store.Engine.Model;
using Transporter.Identity;
using Transporter.Store.Protocol.Access;
using Transporter.Store.Protocol.Errors;
using Transporter.Store.Protocol.Headers;
using Transporter.Store.Protocol.PostObject;
using Transporter.Store.Protocol.Xml;

namespace Transporter.Store.Protocol.Handlers;

/// <summary>
/// POST Object: an upload from an HTML form (multipart/form-data). The fields before the file are read (bounded),
/// the policy's signature and conditions checked, then the file streams into the store; the answer is a redirect
/// (success_action_redirect) or success_action_status 200, 201 (PostResponse XML) or 204.
/// </summary>
internal sealed partial class S3Handler
{
    /// <summary>S3's bound on the form fields before the file.</summary>
    private const int MaxFormFieldBytes = 20 * 1024;

    private async Task PostObjectAsync(S3Request r)
    {
        var boundary = FormBoundary(r.Request.ContentType);
        var reader = new MultipartReader(boundary, r.Auth.Body) { BodyLengthLimit = null };
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        MultipartSection? file = null;
        string? fileName = null;
        var fieldBytes = 0;
        while (await reader.ReadNextSectionAsync(r.Aborted).ConfigureAwait(false) is { } section)
        {
            if (!ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition) || disposition.Name.Value is null)
                throw new S3Exception("MalformedPOSTRequest", "The body of your POST request is not well-formed multipart/form-data.");
            var name = HeaderUtilities.RemoveQuotes(disposition.Name).Value!.ToLowerInvariant();
            if (name == "file")
            {
                file = section;
                fileName = HeaderUtilities.RemoveQuotes(disposition.FileName).Value ?? "";
                break; // S3 ignores fields after the file
            }
            using var text = new StreamReader(section.Body, Encoding.UTF8);
            var value = await text.ReadToEndAsync(r.Aborted).ConfigureAwait(false);
            fieldBytes += name.Length + value.Length;
            if (fieldBytes > MaxFormFieldBytes)
                throw new S3Exception("MaxPostPreDataLengthExceededError", "Your POST request fields preceding the upload file were too large.");
            fields[name] = value;
        }
        if (file is null) throw new S3Exception("IncorrectNumberOfFilesInPostRequest", "POST requires exactly one file upload per request.");
        var key = (fields.TryGetValue("key", out var k) ? k : throw new S3Exception("InvalidArgument", "Bucket POST must contain a field named 'key'."))
            .Replace("${filename}", fileName, StringComparison.Ordinal);
        fields["bucket"] = r.Bucket;

        var caller = await VerifyPostPolicyAsync(r, fields).ConfigureAwait(false);
        var bucket = engine.FindBucket(r.Bucket);
        if (!authorizer.Allows(r.Http, caller, r.Bucket, "s3:PutObject", key, "WRITE")) throw new S3Exception("AccessDenied");
        var policy = fields.TryGetValue("policy", out var p) ? PostPolicy.Parse(p) : null;

        var write = new ObjectWrite
        {
            Headers = PostedHeaders(fields, file),
            Tags = fields.TryGetValue("tagging", out var tagging) ? ParseTagging(Encoding.UTF8.GetBytes(tagging)) : TagSet.Empty,
        };
        write = PostedAcl(r, write, fields.TryGetValue("acl", out var acl) ? acl : null, caller?.Root, bucket.Owner);
        if (fields.TryGetValue("x-amz-server-side-encryption", out var sse) && sse == Aes256
            || engine.BucketSetting(r.Bucket, BucketSettingNames.Encryption) == Aes256)
            write = write with { Encrypt = EncryptionRequest.SseS3 };
        var body = new LengthRangeStream(file.Body, policy?.MinLength, policy?.MaxLength);
        var result = await engine.PutObjectAsync(bucket.Owner, r.Bucket, key, body, null, write, WriteIntegrity.None, r.Aborted).ConfigureAwait(false);
        await AnswerPostAsync(r, fields, key, result).ConfigureAwait(false);
    }

    /// <summary>The caller who signed the form's policy (null for an unsigned form, allowed only by a public bucket).</summary>
    private async Task<Caller?> VerifyPostPolicyAsync(S3Request r, Dictionary<string, string> fields)
    {
        if (!fields.TryGetValue("policy", out var policyText))
        {
            if (fields.ContainsKey("x-amz-signature") || fields.ContainsKey("signature"))
                throw new S3Exception("InvalidArgument", "Bucket POST with a signature must also contain a policy field.");
            return null;
        }
        var caller = await postSignatures.VerifyAsync(fields, policyText, r.Aborted).ConfigureAwait(false);
        PostPolicy.Parse(policyText).Check(fields, DateTimeOffset.UtcNow);
        return caller;
    }

    private static ObjectHeaders PostedHeaders(Dictionary<string, string> fields, MultipartSection file)
    {
        string? Field(string name) => fields.TryGetValue(name, out var value) && value.Length > 0 ? value : null;
        var metadata = fields.Where(f => f.Key.StartsWith("x-amz-meta-", StringComparison.Ordinal) && f.Key.Length > 11)
            .Select(f => new KeyValuePair<string, string>(f.Key[11..], MimeEncodedWords.Decode(f.Value))).ToList();
        return new ObjectHeaders
        {
            ContentType = Field("content-type") ?? file.ContentType,
            CacheControl = Field("cache-control"),
            ContentDisposition = Field("content-disposition"),
            ContentEncoding = Field("content-encoding"),
            Expires = Field("expires"),
            UserMetadata = metadata,
        };
    }

    /// <summary>The acl field of a form, under the same rules as x-amz-acl on a PUT.</summary>
    private ObjectWrite PostedAcl(S3Request r, ObjectWrite write, string? canned, string? callerRoot, string bucketOwner)
    {
        var ownership = engine.BucketSetting(r.Bucket, BucketSettingNames.OwnershipControls) ?? ObjectOwnership.ObjectWriter;
        if (ownership == ObjectOwnership.BucketOwnerEnforced)
        {
            if (canned is not (null or "bucket-owner-full-control" or "private")) throw new S3Exception("AccessControlListNotSupported");
            return write;
        }
        var writer = callerRoot is not null && callerRoot != bucketOwner
            && !(ownership == ObjectOwnership.BucketOwnerPreferred && canned == "bucket-owner-full-control") ? callerRoot : null;
        if (canned is null) return write with { Writer = writer };
        var acl = AccessControlList.Canned(canned, writer ?? bucketOwner, bucketOwner);
        RefusePublicAcl(r, acl);
        return write with { Acl = acl.IsCanned("private") ? null : acl.Encode(), Writer = writer };
    }

    private static async Task AnswerPostAsync(S3Request r, Dictionary<string, string> fields, string key, WriteResult result)
    {
        var location = $"{r.Request.Scheme}://{r.Request.Host}/{r.Bucket}/{Uri.EscapeDataString(key).Replace("%2F", "/", StringComparison.Ordinal)}";
        var etag = ObjectResponseHeaders.Quote(result.ETag);
        r.Response.Headers.ETag = etag;
        WriteVersionId(r, result.VersionId);
        var redirect = fields.TryGetValue("success_action_redirect", out var target) ? target : fields.TryGetValue("redirect", out var old) ? old : null;
        if (redirect is not null && Uri.TryCreate(redirect, UriKind.Absolute, out var url) && url.Scheme is "http" or "https")
        {
            var query = $"bucket={Uri.EscapeDataString(r.Bucket)}&key={Uri.EscapeDataString(key)}&etag={Uri.EscapeDataString(etag)}";
            r.Response.StatusCode = 303;
            r.Response.Headers.Location = redirect + (redirect.Contains('?') ? "&" : "?") + query;
            r.Response.ContentLength = 0;
            return;
        }
        r.Response.Headers.Location = location;
        switch (fields.TryGetValue("success_action_status", out var status) ? status : null)
        {
            case "201":
                await new XmlResponse("PostResponse").Element("Location", location).Element("Bucket", r.Bucket).Element("Key", key).Element("ETag", etag)
                    .SendAsync(r.Response, 201).ConfigureAwait(false);
                return;
            case "200":
                await OkEmptyAsync(r).ConfigureAwait(false);
                return;
            default:
                await NoContentAsync(r).ConfigureAwait(false);
                return;
        }
    }

    private static string FormBoundary(string? contentType)
    {
        if (contentType is null || !MediaTypeHeaderValue.TryParse(contentType, out var media)
            || !string.Equals(media.MediaType.Value, "multipart/form-data", StringComparison.OrdinalIgnoreCase))
            throw new S3Exception("RequestIsNotMultiPartContent");
        var boundary = HeaderUtilities.RemoveQuotes(media.Boundary).Value;
        if (string.IsNullOrEmpty(boundary)) throw new S3Exception("MalformedPOSTRequest", "The body of your POST request is not well-formed multipart/form-data.");
        return boundary;
    }
}
