using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using Transporter.Core.Configuration;
using Transporter.Identity.Accounts;
using Transporter.Identity.Policies;
using Transporter.Store.Admin.Buckets;
using Transporter.Store.Engine;
using Transporter.Store.Engine.Model;
using Transporter.Store.Protocol.Handlers;

namespace Transporter.Store.Admin.Garage;

/// <summary>
/// Garage's bucket endpoints over the store's engine. A bucket's global alias is its S3 name (one per bucket, never
/// renamed); local aliases name a bucket for one key (<see cref="LocalBucketAliases"/>). A bucket belongs to one root,
/// whose keys may use it ("owner" is the root user's key). BucketAllowKey with owner gives the bucket to the key's root;
/// read and write for a key of another root are statements of the bucket's policy (<see cref="GarageKeyGrants"/>).
/// </summary>
internal sealed class GarageBuckets(
    StorageEngine engine, BucketAdministration administration, RootStore rootStore, AccessKeyStore accessKeyStore, AdminKeyTable table,
    LocalBucketAliases aliases, IOptions<TransporterOptions> options)
{
    public async Task<IResult> GetAsync(HttpContext http)
    {
        var query = http.Request.Query;
        if (query.TryGetValue("id", out var id)) return await InfoAsync(FindById(id.ToString()), http.RequestAborted).ConfigureAwait(false);
        if (query.TryGetValue("globalAlias", out var alias)) return await InfoAsync(engine.FindBucket(alias.ToString()), http.RequestAborted).ConfigureAwait(false);
        var local = (await aliases.AllAsync(http.RequestAborted).ConfigureAwait(false)).ToLookup(a => a.BucketId);
        var all = engine.AllBuckets().Select(b => (Id: BucketIds.Of(b), b.Name)).Select(b => new
        {
            id = b.Id,
            globalAliases = new[] { b.Name },
            localAliases = local[b.Id].Select(a => new { accessKeyId = a.AccessKeyId, alias = a.Alias }).ToList(),
        });
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
            var key = await accessKeyStore.GetAccessKeyAsync(localAlias.AccessKeyId, ct).ConfigureAwait(false);
            if (key is null) return AdminErrors.Json(StatusCodes.Status404NotFound, "NoSuchKey", $"No access key {localAlias.AccessKeyId}.");
            owner = key.Root;
        }
        var bucket = await engine.CreateBucketAsync(owner, name, ct).ConfigureAwait(false);
        // The bucket's name is also a local alias of the key, as Garage shows it.
        if (body.LocalAlias is { AccessKeyId: { } aliasKey })
            await aliases.AddAsync(new LocalBucketAlias(aliasKey, name, bucket.Name, BucketIds.Of(bucket)), ct).ConfigureAwait(false);
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
        await aliases.RemoveBucketAsync(BucketIds.Of(bucket), http.RequestAborted).ConfigureAwait(false);
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
        var key = await accessKeyStore.GetAccessKeyAsync(body.AccessKeyId, ct).ConfigureAwait(false);
        if (key is null) return AdminErrors.Json(StatusCodes.Status404NotFound, "NoSuchKey", $"No access key {body.AccessKeyId}.");
        var flags = body.Permissions;
        if (key.Root != bucket.Owner)
        {
            // Owner moves the bucket to the key's root; read and write for another root's key are grants of the bucket's
            // policy (GarageKeyGrants). Flags not set to true are left as they are, as Garage does.
            if (allow && flags.Owner == true) return await InfoAsync(await engine.SetOwnerAsync(bucket.Name, key.Root, ct).ConfigureAwait(false), ct).ConfigureAwait(false);
            if (flags.Read == true || flags.Write == true)
            {
                var policy = engine.BucketSetting(bucket.Name, BucketSettingNames.Policy);
                var changed = GarageKeyGrants.With(policy, bucket.Name, key, flags.Read == true ? allow : null, flags.Write == true ? allow : null);
                if (changed is not null && changed.Length > PolicyDocument.MaxBucketPolicyBytes)
                    return Invalid("The bucket's policy would pass its 20 KB limit with this grant.");
                await engine.PutBucketSettingAsync(bucket.Owner, bucket.Name, BucketSettingNames.Policy, changed, ct).ConfigureAwait(false);
            }
        }
        else if (!allow && (flags.Read == true || flags.Write == true || flags.Owner == true))
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

    /// <summary>LocalAliasBucket / LocalUnaliasBucket: <c>?id=&amp;accessKeyId=&amp;alias=</c>.</summary>
    public async Task<IResult> LocalAliasAsync(HttpContext http, bool add)
    {
        var ct = http.RequestAborted;
        var query = http.Request.Query;
        if (!query.TryGetValue("id", out var id) || !query.TryGetValue("accessKeyId", out var keyId) || !query.TryGetValue("alias", out var aliasValue))
            return Invalid("The query parameters 'id', 'accessKeyId' and 'alias' are required.");
        var bucket = FindById(id.ToString());
        var bucketId = BucketIds.Of(bucket);
        var alias = aliasValue.ToString();
        if (await accessKeyStore.GetAccessKeyAsync(keyId.ToString(), ct).ConfigureAwait(false) is null)
            return AdminErrors.Json(StatusCodes.Status404NotFound, "NoSuchKey", $"No access key {keyId}.");
        if (add)
        {
            if (!Engine.Naming.BucketNameRules.IsValid(alias)) return Invalid($"'{alias}' is not a valid bucket name.");
            if (!await aliases.AddAsync(new LocalBucketAlias(keyId.ToString(), alias, bucket.Name, bucketId), ct).ConfigureAwait(false))
                return AdminErrors.Json(StatusCodes.Status409Conflict, "BucketAlreadyExists", $"Key {keyId} already has a local alias '{alias}' for another bucket.");
        }
        else if (!await aliases.RemoveAsync(keyId.ToString(), alias, bucketId, ct).ConfigureAwait(false))
            return Invalid($"Key {keyId} has no local alias '{alias}' for this bucket.");
        return await InfoAsync(bucket, ct).ConfigureAwait(false);
    }

    private async Task<IResult> InfoAsync(BucketInfo bucket, CancellationToken ct)
    {
        var bucketId = BucketIds.Of(bucket);
        var local = (await aliases.AllAsync(ct).ConfigureAwait(false)).Where(a => a.BucketId == bucketId).ToLookup(a => a.AccessKeyId, a => a.Alias);
        var overview = administration.Describe(bucket);
        var records = await table.AllAsync(ct).ConfigureAwait(false);
        var rootUser = (await rootStore.GetRootAsync(bucket.Owner, ct).ConfigureAwait(false))?.RootUserName;
        var owners = (await accessKeyStore.ListAccessKeysAsync(bucket.Owner, null, ct).ConfigureAwait(false)).Select(k => new
        {
            accessKeyId = k.AccessKeyId,
            name = records.GetValueOrDefault(k.AccessKeyId)?.Name ?? $"{k.Root}/{k.UserName}",
            permissions = new { read = true, write = true, owner = k.UserName == rootUser },
            bucketLocalAliases = local[k.AccessKeyId].ToArray(),
        }).ToList();
        // Keys of other roots with read or write grants in the bucket's policy.
        var policy = engine.BucketSetting(bucket.Name, BucketSettingNames.Policy);
        foreach (var keyId in GarageKeyGrants.KeyIds(policy))
        {
            if (owners.Any(k => k.accessKeyId == keyId) || await accessKeyStore.GetAccessKeyAsync(keyId, ct).ConfigureAwait(false) is not { } granted) continue;
            var (read, write) = GarageKeyGrants.Of(policy, keyId);
            owners.Add(new
            {
                accessKeyId = keyId,
                name = records.GetValueOrDefault(keyId)?.Name ?? $"{granted.Root}/{granted.UserName}",
                permissions = new { read, write, owner = false },
                bucketLocalAliases = local[keyId].ToArray(),
            });
        }
        // Keys that only have a local alias of the bucket (their access is whatever the bucket's policy gives them).
        foreach (var aliased in local)
        {
            if (owners.Any(k => k.accessKeyId == aliased.Key) || await accessKeyStore.GetAccessKeyAsync(aliased.Key, ct).ConfigureAwait(false) is not { } key) continue;
            owners.Add(new
            {
                accessKeyId = aliased.Key,
                name = records.GetValueOrDefault(aliased.Key)?.Name ?? $"{key.Root}/{key.UserName}",
                permissions = new { read = false, write = false, owner = false },
                bucketLocalAliases = aliased.ToArray(),
            });
        }
        var keys = owners;
        var (website, quotas, uploads) = (overview.Website, overview.Quotas, overview.UnfinishedUploads);
        return Results.Json(new Dictionary<string, object?>
        {
            ["id"] = bucketId,
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
