using System.Globalization;
using System.Security.Cryptography;
using Transporter.Store.Engine;
using Transporter.Store.Engine.Checksums;
using Transporter.Store.Engine.Model;
using Transporter.Store.Protocol.Access;
using Transporter.Store.Protocol.Errors;
using Transporter.Store.Protocol.Headers;
using Transporter.Store.Protocol.Xml;

namespace Transporter.Store.Protocol.Handlers;

internal sealed partial class S3Handler
{
    private const int MaxDeleteBodyBytes = 8 * 1024 * 1024;

    private async Task PutObjectAsync(S3Request r)
    {
        ObjectRequestHeaders.RefuseUnsupported(r.Headers);
        var write = new ObjectWrite
        {
            Headers = ObjectRequestHeaders.ReadHeaders(r.Headers),
            Tags = ObjectRequestHeaders.ReadTagging(r.Headers),
            Condition = ObjectRequestHeaders.ReadWriteCondition(r.Headers),
        };
        write = WithEncryption(r, WithAcl(r, WithLock(r, write, requireDigest: true)));
        var integrity = ObjectRequestHeaders.ReadIntegrity(r.Headers, r.Auth);
        var length = r.RequireContentLength();
        var result = await engine.PutObjectAsync(r.Owner, r.Bucket, r.Key, r.Auth.Body, length, write, integrity, r.Aborted).ConfigureAwait(false);
        r.Response.Headers.ETag = ObjectResponseHeaders.Quote(result.ETag);
        WriteVersionId(r, result.VersionId);
        EncryptionHeaders.Write(r.Response.Headers, result.Encryption);
        ObjectResponseHeaders.WriteChecksum(r.Response.Headers, result.Checksum);
        await OkEmptyAsync(r).ConfigureAwait(false);
    }

    private async Task GetObjectAsync(S3Request r, bool head)
    {
        var versionId = r.QueryValue("versionId");
        var customerKey = EncryptionHeaders.ReadCustomerKey(r.Headers);
        var checksumMode = string.Equals(r.HeaderValue("x-amz-checksum-mode"), "ENABLED", StringComparison.OrdinalIgnoreCase);
        if (head)
        {
            var info = engine.HeadObject(r.Owner, r.Bucket, r.Key, versionId);
            engine.CheckCustomerKey(info, customerKey);
            await AnswerObjectAsync(r, info, null, checksumMode).ConfigureAwait(false);
            return;
        }
        using var stored = engine.OpenObject(r.Owner, r.Bucket, r.Key, versionId, customerKey);
        await AnswerObjectAsync(r, stored.Info, stored, checksumMode).ConfigureAwait(false);
    }

    /// <summary>x-amz-version-id of a version in a bucket that has (or had) versioning; "null" for the null version.</summary>
    private static void WriteVersionId(S3Request r, string? versionId)
    {
        if (versionId is not null) r.Response.Headers["x-amz-version-id"] = versionId;
    }

    /// <summary>The stored version id as clients see it, or null when the bucket never had versioning.</summary>
    private string? ShownVersionId(S3Request r, ObjectInfo info) =>
        engine.GetBucket(r.Owner, r.Bucket).Versioning == VersioningState.Unversioned && info.VersionId is null
            ? null : ObjectVersionIds.Show(info.VersionId);

    /// <summary>Preconditions, then the whole object, a part (partNumber) or a range, headers and (for GET) bytes.</summary>
    private async Task AnswerObjectAsync(S3Request r, ObjectInfo info, StoredObject? content, bool checksumMode)
    {
        switch (Preconditions.Evaluate(r.HeaderValue("If-Match"), r.HeaderValue("If-None-Match"), r.HeaderValue("If-Modified-Since"),
                    r.HeaderValue("If-Unmodified-Since"), info.ETag, info.LastModified))
        {
            case PreconditionOutcome.NotModified:
                ObjectResponseHeaders.WriteValidators(r.Response, info);
                r.Response.StatusCode = 304;
                return;
            case PreconditionOutcome.PreconditionFailed:
                throw new S3Exception("PreconditionFailed");
        }

        long first = 0, length = info.Size;
        var status = 200;
        var response = r.Response;
        if (r.QueryValue("partNumber") is not null)
        {
            var partNumber = IntParameter(r, "partNumber", 1, 1, StorageEngine.MaxPartNumber);
            (first, length) = engine.GetPartRange(info, partNumber);
            if (info.PartCount > 0)
            {
                status = 206;
                response.Headers.ContentRange = ContentRange(first, length, info.Size);
                response.Headers["x-amz-mp-parts-count"] = info.PartCount.ToString(CultureInfo.InvariantCulture);
            }
        }
        else
        {
            var range = RangeRequest.Parse(r.HeaderValue("Range"), info.Size);
            if (range.Kind == RangeKind.Unsatisfiable)
            {
                r.Http.Items[S3ErrorResponder.ObjectSizeItem] = info.Size;
                throw new S3Exception("InvalidRange");
            }
            if (range.Kind == RangeKind.Satisfiable)
            {
                (first, length, status) = (range.First, range.Length, 206);
                response.Headers.ContentRange = ContentRange(first, length, info.Size);
            }
        }
        // A checksum covers the whole object; S3 leaves it out of partial answers, which clients would fail to verify.
        ObjectResponseHeaders.Write(response, info, r.Query, checksumMode && status == 200);
        WriteVersionId(r, ShownVersionId(r, info));
        EncryptionHeaders.Write(response.Headers, info.Encryption);
        if (info.IsLatest && engine.ExpirationOf(info) is { } expiration)
            response.Headers["x-amz-expiration"] = $"expiry-date=\"{S3Timestamps.Http(expiration.Expiry)}\", rule-id=\"{expiration.RuleId}\"";
        response.StatusCode = status;
        response.ContentLength = length;
        if (content is not null && length > 0)
            await content.CopyToAsync(response.Body, first, length, r.Aborted).ConfigureAwait(false);
    }

    private static string ContentRange(long first, long length, long size) =>
        string.Create(CultureInfo.InvariantCulture, $"bytes {first}-{first + length - 1}/{size}");

    private async Task DeleteObjectAsync(S3Request r)
    {
        var result = await engine.DeleteObjectAsync(r.Owner, r.Bucket, r.Key, r.Aborted, r.QueryValue("versionId"), BypassGovernance(r))
            .ConfigureAwait(false);
        WriteVersionId(r, result.VersionId);
        if (result.DeleteMarker) r.Response.Headers["x-amz-delete-marker"] = "true";
        await NoContentAsync(r).ConfigureAwait(false);
    }

    /// <summary>x-amz-bypass-governance-retention: true, from a caller allowed s3:BypassGovernanceRetention.</summary>
    private bool BypassGovernance(S3Request r) =>
        string.Equals(r.HeaderValue("x-amz-bypass-governance-retention"), "true", StringComparison.OrdinalIgnoreCase)
        && authorizer.Allows(r.Http, r.Caller, r.Bucket, "s3:BypassGovernanceRetention", r.Target.HasKey ? r.Key : null);

    private async Task DeleteObjectsAsync(S3Request r)
    {
        var body = await XmlRequestBody.ReadBytesAsync(r.Auth.Body, MaxDeleteBodyBytes, r.Aborted).ConfigureAwait(false);
        VerifyBodyDigests(r, body);
        var root = XmlRequestBody.Parse(body);
        if (root.Name.LocalName != "Delete") throw new S3Exception("MalformedXML");
        var quiet = string.Equals(root.ChildValue("Quiet")?.Trim(), "true", StringComparison.OrdinalIgnoreCase);
        var objects = root.Children("Object").ToList();
        if (objects.Count is 0 or > 1000) throw new S3Exception("MalformedXML", "The request must name between 1 and 1000 objects.");
        var entries = new List<ObjectToDelete>(objects.Count);
        foreach (var entry in objects)
        {
            var versionId = entry.ChildValue("VersionId");
            entries.Add(new ObjectToDelete(entry.ChildValue("Key") ?? throw new S3Exception("MalformedXML"), string.IsNullOrEmpty(versionId) ? null : versionId));
        }
        // Each key is its own s3:DeleteObject decision for callers other than the owner's root user.
        var denied = new List<DeleteOutcome>();
        if (!RequestAuthorizer.IsUnrestrictedOwner(r.Caller, r.Owner))
        {
            foreach (var entry in entries.ToList())
            {
                var action = entry.VersionId is null ? "s3:DeleteObject" : "s3:DeleteObjectVersion";
                if (authorizer.Allows(r.Http, r.Caller, r.Bucket, action, entry.Key, "WRITE")) continue;
                entries.Remove(entry);
                denied.Add(new DeleteOutcome(entry.Key, StoreErrorCode.AccessDenied, null) { VersionId = entry.VersionId });
            }
        }
        var outcomes = (await engine.DeleteObjectsAsync(r.Owner, r.Bucket, entries, r.Aborted, BypassGovernance(r)).ConfigureAwait(false))
            .Concat(denied).ToList();

        var xml = new XmlResponse("DeleteResult");
        foreach (var outcome in outcomes)
        {
            if (outcome.Error is { } code)
            {
                xml.Open("Error").Element("Key", outcome.Key).Element("VersionId", outcome.VersionId).Element("Code", code.ToString())
                    .Element("Message", outcome.Message ?? S3ErrorTable.Lookup(code.ToString()).Message).Close();
                continue;
            }
            if (quiet) continue;
            xml.Open("Deleted").Element("Key", outcome.Key).Element("VersionId", outcome.VersionId);
            if (outcome.Result is { DeleteMarker: true } deleted)
            {
                xml.Element("DeleteMarker", true);
                // A marker made by this delete has its own version id; one removed by id is the version named.
                xml.Element("DeleteMarkerVersionId", outcome.VersionId ?? deleted.VersionId);
            }
            xml.Close();
        }
        await xml.SendAsync(r.Response).ConfigureAwait(false);
    }

    /// <summary>Content-MD5 or an x-amz-checksum-* (header or trailer) over a small body read whole.</summary>
    private static void VerifyBodyDigests(S3Request r, byte[] body)
    {
        if (ObjectRequestHeaders.ReadContentMd5(r.Headers) is { } md5 && !md5.AsSpan().SequenceEqual(MD5.HashData(body)))
            throw new S3Exception("BadDigest");
        var integrity = ObjectRequestHeaders.ReadIntegrity(r.Headers, r.Auth);
        if (integrity.ChecksumAlgorithm is not { } algorithm) return;
        var expected = integrity.ExpectedChecksum ?? integrity.TrailingChecksum?.Invoke();
        if (expected is null) return;
        if (Convert.ToBase64String(ChecksumCalculator.Compute(algorithm, body)) != expected.Trim())
            throw new S3Exception("BadDigest", $"The {algorithm.Name()} you specified did not match the calculated checksum.");
    }

}
