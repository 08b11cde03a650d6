using System.Security.Cryptography;
using Microsoft.AspNetCore.Http;
using Transporter.Identity.Accounts;
using Transporter.Store.Engine;
using Transporter.Store.Protocol.Handlers;

namespace Transporter.Store.Admin.Garage;

/// <summary>
/// Garage's key endpoints over the identity store. A Garage key stands alone and owns the buckets it creates; here a
/// key belongs to a user of a root (tenant), so CreateKey and ImportKey make a new root ("key-" + 16 hex) whose root
/// user holds the key, and every existing key (of any root and user) is listed too. A key's name and createBucket
/// flag live in <see cref="AdminKeyTable"/>; secrets are shown only by CreateKey/ImportKey and by GetKeyInfo with
/// ?showSecretKey=true.
/// </summary>
internal sealed class GarageKeys(
    RootStore rootStore, AccessKeyStore accessKeyStore, AdminKeyTable table, LocalBucketAliases aliases, StorageEngine engine)
{
    public async Task<IResult> GetAsync(HttpContext http)
    {
        var query = http.Request.Query;
        var ct = http.RequestAborted;
        if (query.TryGetValue("id", out var id)) return await InfoAsync(id.ToString(), ShowSecret(http), ct).ConfigureAwait(false);
        var all = await AllKeysAsync(ct).ConfigureAwait(false);
        if (query.TryGetValue("search", out var search))
        {
            var pattern = search.ToString();
            var found = all.FirstOrDefault(k => k.Name == pattern)
                        ?? all.FirstOrDefault(k => k.Id.StartsWith(pattern, StringComparison.Ordinal) && pattern.Length > 0);
            return found is null
                ? NoSuchKey($"No key is named '{pattern}' or has an id starting with it.")
                : await InfoAsync(found.Id, ShowSecret(http), ct).ConfigureAwait(false);
        }
        return Results.Json(all.Select(k => new { id = k.Id, name = k.Name }));
    }

    /// <summary>POST /v0/key: UpdateKey with ?id, CreateKey without.</summary>
    public async Task<IResult> CreateOrUpdateAsync(HttpContext http)
    {
        if (http.Request.Query.TryGetValue("id", out var id)) return await UpdateAsync(http, id.ToString()).ConfigureAwait(false);
        var (body, error) = await AdminErrors.ReadJsonAsync(http.Request, new GarageKeyRequest(null, null, null)).ConfigureAwait(false);
        if (error is not null) return error;
        if (body!.AccessKeyId is not null || body.SecretAccessKey is not null)
            return AdminErrors.Json(StatusCodes.Status400BadRequest, "InvalidRequest", "CreateKey generates the key; use POST /v0/key/import to bring one.");
        return await CreateAsync(body.Name, null, null, http.RequestAborted).ConfigureAwait(false);
    }

    public async Task<IResult> ImportAsync(HttpContext http)
    {
        var (body, error) = await AdminErrors.ReadJsonAsync<GarageKeyRequest>(http.Request).ConfigureAwait(false);
        if (error is not null) return error;
        if (string.IsNullOrEmpty(body!.AccessKeyId) || string.IsNullOrEmpty(body.SecretAccessKey))
            return AdminErrors.Json(StatusCodes.Status400BadRequest, "InvalidRequest", "ImportKey needs accessKeyId and secretAccessKey.");
        return await CreateAsync(body.Name, body.AccessKeyId, body.SecretAccessKey, http.RequestAborted).ConfigureAwait(false);
    }

    public async Task<IResult> DeleteAsync(HttpContext http)
    {
        if (!http.Request.Query.TryGetValue("id", out var idValue)) return MissingId();
        var id = idValue.ToString();
        var key = await accessKeyStore.GetAccessKeyAsync(id, http.RequestAborted).ConfigureAwait(false);
        if (key is null) return NoSuchKey($"No access key {id}.");
        await accessKeyStore.DeleteAccessKeyAsync(key.Root, key.UserName, id, http.RequestAborted).ConfigureAwait(false);
        await table.DeleteAsync(id, http.RequestAborted).ConfigureAwait(false);
        await aliases.RemoveKeyAsync(id, http.RequestAborted).ConfigureAwait(false);
        return Results.Ok();
    }

    /// <summary>GetKeyInfo's body for <paramref name="accessKeyId"/>; also the answer of CreateKey, ImportKey and UpdateKey.</summary>
    public async Task<IResult> InfoAsync(string accessKeyId, bool showSecret, CancellationToken ct, string? secret = null)
    {
        var key = await accessKeyStore.GetAccessKeyAsync(accessKeyId, ct).ConfigureAwait(false);
        if (key is null) return NoSuchKey($"No access key {accessKeyId}.");
        var record = await table.FindAsync(accessKeyId, ct).ConfigureAwait(false);
        if (secret is null && showSecret) secret = (await accessKeyStore.LoadCredentialAsync(accessKeyId, ct).ConfigureAwait(false))?.SecretKey;
        var isRootUser = (await rootStore.GetRootAsync(key.Root, ct).ConfigureAwait(false))?.RootUserName == key.UserName;
        var local = (await aliases.AllAsync(ct).ConfigureAwait(false)).Where(a => a.AccessKeyId == accessKeyId).ToLookup(a => a.BucketId, a => a.Alias);
        var buckets = engine.ListBuckets(key.Root).Select(b => (Id: BucketIds.Of(b), b.Name)).Select(b => new
        {
            id = b.Id,
            globalAliases = new[] { b.Name },
            localAliases = local[b.Id].ToArray(),
            permissions = new { read = true, write = true, owner = isRootUser },
        }).ToList();
        // Other roots' buckets whose policy grants this key read or write (BucketAllowKey), or that it has a local alias of.
        foreach (var other in engine.AllBuckets().Where(b => b.Owner != key.Root))
        {
            var id = BucketIds.Of(other);
            var (read, write) = GarageKeyGrants.Of(engine.BucketSetting(other.Name, BucketSettingNames.Policy), accessKeyId);
            if (read || write || local.Contains(id))
                buckets.Add(new { id, globalAliases = new[] { other.Name }, localAliases = local[id].ToArray(), permissions = new { read, write, owner = false } });
        }
        return Results.Json(new
        {
            name = NameOf(record, key),
            accessKeyId,
            secretAccessKey = secret,
            root = key.Root,
            userName = key.UserName,
            permissions = new { createBucket = record?.CreateBucket ?? true },
            buckets,
        });
    }

    /// <summary>A key's name and id, for lists and searches.</summary>
    private sealed record KeySummary(string Id, string Name);

    private async Task<List<KeySummary>> AllKeysAsync(CancellationToken ct)
    {
        var records = await table.AllAsync(ct).ConfigureAwait(false);
        var keys = new List<KeySummary>();
        foreach (var root in await rootStore.ListRootsAsync(ct).ConfigureAwait(false))
        foreach (var key in await accessKeyStore.ListAccessKeysAsync(root.Name, null, ct).ConfigureAwait(false))
            keys.Add(new KeySummary(key.AccessKeyId, NameOf(records.GetValueOrDefault(key.AccessKeyId), key)));
        return keys;
    }

    private async Task<IResult> CreateAsync(string? name, string? accessKeyId, string? secret, CancellationToken ct)
    {
        var root = "key-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));
        var created = await rootStore.CreateRootAsync(root, IdentityBootstrap.RootUserName, accessKeyId, secret, ct).ConfigureAwait(false);
        var id = created.AccessKey.AccessKeyId;
        // Garage's new keys may not create buckets until allowed.
        await table.SaveAsync(new AdminKeyRecord(id, string.IsNullOrWhiteSpace(name) ? "Unnamed key" : name.Trim(), CreateBucket: false), ct).ConfigureAwait(false);
        return await InfoAsync(id, showSecret: true, ct, created.AccessKey.SecretAccessKey).ConfigureAwait(false);
    }

    private async Task<IResult> UpdateAsync(HttpContext http, string accessKeyId)
    {
        var ct = http.RequestAborted;
        var (body, error) = await AdminErrors.ReadJsonAsync(http.Request, new GarageKeyUpdate(null, null, null)).ConfigureAwait(false);
        if (error is not null) return error;
        var key = await accessKeyStore.GetAccessKeyAsync(accessKeyId, ct).ConfigureAwait(false);
        if (key is null) return NoSuchKey($"No access key {accessKeyId}.");
        var record = await table.FindAsync(accessKeyId, ct).ConfigureAwait(false) ?? new AdminKeyRecord(accessKeyId, NameOf(null, key), true);
        if (body!.Name is { } newName) record = record with { Name = newName };
        if (body.Allow?.CreateBucket == true) record = record with { CreateBucket = true };
        if (body.Deny?.CreateBucket == true) record = record with { CreateBucket = false };
        await table.SaveAsync(record, ct).ConfigureAwait(false);
        return await InfoAsync(accessKeyId, showSecret: false, ct).ConfigureAwait(false);
    }

    private static string NameOf(AdminKeyRecord? record, AccessKeyInfo key) => record?.Name ?? $"{key.Root}/{key.UserName}";

    private static bool ShowSecret(HttpContext http) =>
        string.Equals(http.Request.Query["showSecretKey"].ToString(), "true", StringComparison.OrdinalIgnoreCase);

    private static IResult MissingId() => AdminErrors.Json(StatusCodes.Status400BadRequest, "InvalidRequest", "The query parameter 'id' is required.");

    private static IResult NoSuchKey(string details) => AdminErrors.Json(StatusCodes.Status404NotFound, "NoSuchKey", details);
}
