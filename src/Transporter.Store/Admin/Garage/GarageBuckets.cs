using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using Transporter.Core.Configuration;
using Transporter.Identity.Accounts;
using Transporter.Store.Admin.Buckets;
using Transporter.Store.Engine;
using Transporter.Store.Engine.Model;

namespace Transporter.Store.Admin.Garage;

/// <summary>
/// Garage's bucket endpoints over the store's engine. The store has one bucket namespace, so a bucket's global alias
/// is its S3 name (one per bucket, never renamed) and local aliases do not exist; a bucket belongs to one root, whose
/// keys may use it ("owner" is the root user's key). BucketAllowKey with owner gives the bucket to the key's root;
/// narrower grants to other roots are bucket policies' job (aws s3api put-bucket-policy).
/// </summary>
internal sealed class GarageBuckets(
    StorageEngine engine, BucketAdministration administration, IdentityStore identities, AdminKeyTable table, IOptions<TransporterOptions> options)
{
    public async Task<IResult> GetAsync(HttpContext http)
    {
        var query = http.Request.Query;
        if (query.TryGetValue("id", out var id)) return await InfoAsync(FindById(id.ToString()), http.RequestAborted).ConfigureAwait(false);
        if (query.TryGetValue("globalAlias", out var alias)) return await InfoAsync(engine.FindBucket(alias.ToString()), http.RequestAborted).ConfigureAwait(false);
        var all = engine.AllBuckets().Select(b => new { id = BucketIds.Of(b), globalAliases = new[] { b.Name }, localAliases = Array.Empty<object>() });
        return Results.Json(all);
    }

    public async Task<IResult> CreateAsync(HttpContext http)
    {
        var ct = http.RequestAborted;
        var (body, error) = await AdminErrors.ReadJsonAsync(http.Request, new GarageCreateBucket(null, null)).ConfigureAwait(false);
        if (error is not null) return error;
        var name = body!.GlobalAlias ?? body.LocalAlias?.Alias;
        if (string.IsNullOrEmpty(name))
            return Invalid("This store names every bucket: give a globalAlias (or a localAlias, which becomes the bucket's name).");
        if (body.GlobalAlias is not null && body.LocalAlias?.Alias is { } local && local != body.GlobalAlias)
            return Invalid("This store has one bucket namespace: globalAlias and localAlias.alias must be the same name.");
        var owner = options.Value.RootName is { Length: > 0 } rootName ? rootName : TransporterOptions.DefaultRootName;
        if (body.LocalAlias is { } localAlias)
        {
            if (string.IsNullOrEmpty(localAlias.AccessKeyId)) return Invalid("localAlias.accessKeyId is required.");
            var key = await identities.GetAccessKeyAsync(localAlias.AccessKeyId, ct).ConfigureAwait(false);
            if (key is null) return AdminErrors.Json(StatusCodes.Status404NotFound, "NoSuchKey", $"No access key {localAlias.AccessKeyId}.");
            owner = key.Root;
        }
        var bucket = await engine.CreateBucketAsync(owner, name, ct).ConfigureAwait(false);
        return await InfoAsync(bucket, ct).ConfigureAwait(false);
    }

    public async Task<IResult> UpdateAsync(HttpContext http)
    {
        var ct = http.RequestAborted;
        if (!http.Request.Query.TryGetValue("id", out var id)) return Invalid("The query parameter 'id' is required.");
        var bucket = FindById(id.ToString());
        var (body, error) = await AdminErrors.ReadJsonAsync<GarageBucketUpdate>(http.Request).ConfigureAwait(false);
        if (error is not null) return error;
        var website = body!.WebsiteAccess is { } access ? new WebsiteAccessUpdate(access.Enabled, access.IndexDocument, access.ErrorDocument) : null;
        var quotas = body.Quotas is { } q ? new BucketQuotas(q.MaxSize, q.MaxObjects) : null;
        try
        {
            // The same checks and changes as the GUI's Buckets page; a bad request changes nothing.
            await administration.UpdateAsync(bucket, new BucketSettingsUpdate(website, quotas), ct).ConfigureAwait(false);
        }
        catch (InvalidBucketSettingsException e)
        {
            return Invalid(e.Message);
        }
        return await InfoAsync(bucket, ct).ConfigureAwait(false);
    }

    public async Task<IResult> DeleteAsync(HttpContext http)
    {
        if (!http.Request.Query.TryGetValue("id", out var id)) return Invalid("The query parameter 'id' is required.");
        var bucket = FindById(id.ToString());
        await engine.DeleteBucketAsync(bucket.Owner, bucket.Name, http.RequestAborted).ConfigureAwait(false);
        return Results.NoContent();
    }

    /// <summary>BucketAllowKey / BucketDenyKey.</summary>
    public async Task<IResult> PermissionsAsync(HttpContext http, bool allow)
    {
        var ct = http.RequestAborted;
        var (body, error) = await AdminErrors.ReadJsonAsync<GarageBucketKeyPermissions>(http.Request).ConfigureAwait(false);
        if (error is not null) return error;
        if (string.IsNullOrEmpty(body!.BucketId) || string.IsNullOrEmpty(body.AccessKeyId) || body.Permissions is null)
            return Invalid("bucketId, accessKeyId and permissions are required.");
        var bucket = FindById(body.BucketId);
        var key = await identities.GetAccessKeyAsync(body.AccessKeyId, ct).ConfigureAwait(false);
        if (key is null) return AdminErrors.Json(StatusCodes.Status404NotFound, "NoSuchKey", $"No access key {body.AccessKeyId}.");
        var flags = body.Permissions;
        var asked = flags.Read == true || flags.Write == true || flags.Owner == true;
        if (allow)
        {
            if (flags.Owner == true && key.Root != bucket.Owner) bucket = await engine.SetOwnerAsync(bucket.Name, key.Root, ct).ConfigureAwait(false);
            else if (asked && key.Root != bucket.Owner)
                return NotSupported("Read or write access for a key of another root is granted with a bucket policy (aws s3api put-bucket-policy), or by allowing it the owner permission.");
        }
        else if (asked && key.Root == bucket.Owner)
            return NotSupported("The keys of the root that owns the bucket always have access (narrow a user's with IAM policies); give the bucket to another key with BucketAllowKey owner.");
        return await InfoAsync(bucket, ct).ConfigureAwait(false);
    }

    /// <summary>GlobalAliasBucket / GlobalUnaliasBucket: a bucket's one global alias is its name.</summary>
    public async Task<IResult> GlobalAliasAsync(HttpContext http, bool add)
    {
        var query = http.Request.Query;
        if (!query.TryGetValue("id", out var id) || !query.TryGetValue("alias", out var alias)) return Invalid("The query parameters 'id' and 'alias' are required.");
        var bucket = FindById(id.ToString());
        if (add && alias.ToString() == bucket.Name) return await InfoAsync(bucket, http.RequestAborted).ConfigureAwait(false);
        return NotSupported("A bucket's global alias is its S3 name in this store: it has exactly one and it is never changed.");
    }

    public static IResult LocalAliasesUnsupported() =>
        NotSupported("This store has one bucket namespace: buckets have no per-key local aliases (CreateBucket's localAlias names the bucket).");

    private async Task<IResult> InfoAsync(BucketInfo bucket, CancellationToken ct)
    {
        var overview = administration.Describe(bucket);
        var records = await table.AllAsync(ct).ConfigureAwait(false);
        var rootUser = (await identities.GetRootAsync(bucket.Owner, ct).ConfigureAwait(false))?.RootUserName;
        var keys = (await identities.ListAccessKeysAsync(bucket.Owner, null, ct).ConfigureAwait(false)).Select(k => new
        {
            accessKeyId = k.AccessKeyId,
            name = records.GetValueOrDefault(k.AccessKeyId)?.Name ?? $"{k.Root}/{k.UserName}",
            permissions = new { read = true, write = true, owner = k.UserName == rootUser },
            bucketLocalAliases = Array.Empty<string>(),
        });
        var (website, quotas, uploads) = (overview.Website, overview.Quotas, overview.UnfinishedUploads);
        return Results.Json(new Dictionary<string, object?>
        {
            ["id"] = BucketIds.Of(bucket),
            ["globalAliases"] = new[] { bucket.Name },
            ["websiteAccess"] = website is not null,
            ["websiteConfig"] = website is null ? null : new { indexDocument = website.IndexDocument, errorDocument = website.ErrorDocument },
            ["keys"] = keys,
            ["objects"] = overview.Objects,
            ["bytes"] = overview.Bytes,
            // The reference text spells it "unfinshedUploads"; later Garage versions fixed it: both are sent.
            ["unfinshedUploads"] = uploads,
            ["unfinishedUploads"] = uploads,
            ["quotas"] = new { maxSize = quotas.MaxSize, maxObjects = quotas.MaxObjects },
            ["owner"] = bucket.Owner,
        });
    }

    private BucketInfo FindById(string id) =>
        engine.AllBuckets().FirstOrDefault(b => BucketIds.Of(b) == id) ?? throw new StoreException(StoreErrorCode.NoSuchBucket);

    private static IResult Invalid(string details) => AdminErrors.Json(StatusCodes.Status400BadRequest, "InvalidRequest", details);

    private static IResult NotSupported(string details) => AdminErrors.Json(StatusCodes.Status400BadRequest, "NotSupported", details);
}
