using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using Transporter.Core.Configuration;
using Transporter.Identity;
using Transporter.Identity.Accounts;
using Transporter.Store.Engine;
using Transporter.Store.Protocol.Errors;

namespace Transporter.Store.Admin.Ostor;

/// <summary>
/// The ostor-users and ostor-buckets services of spec/s3-users-api.txt on the S3 endpoint (service-level requests
/// with ?ostor-users or ?ostor-buckets), signed by the administrator: the root user of the platform's first root
/// (TRANSPORTER_ROOT_NAME). An ostor user is a root (tenant) whose root user is named by the email address: it owns
/// buckets and access keys. Refusals are S3 error XML; answers are the text's JSON.
/// </summary>
internal sealed class OstorAdmin(
    RootStore rootStore, AccessKeyStore accessKeyStore, StorageEngine engine, DisabledRoots disabled, IOptions<TransporterOptions> options, TimeProvider clock)
{
    private static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = null, WriteIndented = true };

    /// <summary>True for a service-level request this class answers.</summary>
    public static bool Handles(HttpRequest request) => request.Query.ContainsKey("ostor-users") || request.Query.ContainsKey("ostor-buckets");

    public async Task HandleAsync(HttpContext http, Caller? caller)
    {
        var adminRoot = string.IsNullOrWhiteSpace(options.Value.RootName) ? TransporterOptions.DefaultRootName : options.Value.RootName!;
        if (caller is null || !caller.IsRoot || caller.Root != adminRoot) throw new S3Exception("AccessDenied");
        var query = http.Request.Query;
        var email = query.TryGetValue("emailAddress", out var e) ? e.ToString() : null;
        var method = http.Request.Method;
        try
        {
            if (query.ContainsKey("ostor-buckets"))
            {
                if (!HttpMethods.IsGet(method)) throw new S3Exception("MethodNotAllowed");
                await BucketsAsync(http, email).ConfigureAwait(false);
                return;
            }
            if (HttpMethods.IsGet(method) && email is null) await ListUsersAsync(http).ConfigureAwait(false);
            else if (email is null) throw new S3Exception("InvalidArgument", "emailAddress is required.");
            else if (HttpMethods.IsGet(method)) await QueryUserAsync(http, await FindAsync(email, http.RequestAborted).ConfigureAwait(false)).ConfigureAwait(false);
            else if (HttpMethods.IsPut(method)) await CreateUserAsync(http, email).ConfigureAwait(false);
            else if (HttpMethods.IsDelete(method)) await DeleteUserAsync(http, await FindAsync(email, http.RequestAborted).ConfigureAwait(false), adminRoot).ConfigureAwait(false);
            else if (HttpMethods.IsPost(method)) await ChangeUserAsync(http, await FindAsync(email, http.RequestAborted).ConfigureAwait(false), adminRoot).ConfigureAwait(false);
            else throw new S3Exception("MethodNotAllowed");
        }
        catch (IdentityException ex)
        {
            throw ex.Kind switch
            {
                IdentityErrorKind.NotFound => new S3Exception("InvalidArgument", ex.Message),
                IdentityErrorKind.Conflict => new S3Exception("UserAlreadyExists", ex.Message),
                _ => new S3Exception("InvalidArgument", ex.Message),
            };
        }
    }

    private async Task ListUsersAsync(HttpContext http)
    {
        var users = new List<object>();
        foreach (var root in await rootStore.ListRootsAsync(http.RequestAborted).ConfigureAwait(false))
            users.Add(new { UserEmail = root.RootUserName, UserId = root.Id, State = await StateAsync(root, http.RequestAborted).ConfigureAwait(false), OwnerId = OwnerId });
        await SendAsync(http, users).ConfigureAwait(false);
    }

    private async Task QueryUserAsync(HttpContext http, RootInfo root)
    {
        var ct = http.RequestAborted;
        var keys = new List<object>();
        foreach (var key in await accessKeyStore.ListAccessKeysAsync(root.Name, root.RootUserName, ct).ConfigureAwait(false))
            if (await accessKeyStore.LoadCredentialAsync(key.AccessKeyId, ct).ConfigureAwait(false) is { } credential)
                keys.Add(new { AWSAccessKeyId = key.AccessKeyId, AWSSecretAccessKey = credential.SecretKey });
        await SendAsync(http, new
        {
            UserEmail = root.RootUserName,
            UserId = root.Id,
            State = await StateAsync(root, ct).ConfigureAwait(false),
            OwnerId,
            Flags = Array.Empty<string>(),
            AWSAccessKeys = keys,
        }).ConfigureAwait(false);
    }

    private async Task CreateUserAsync(HttpContext http, string email)
    {
        var ct = http.RequestAborted;
        if (!email.Contains('@', StringComparison.Ordinal)) throw new S3Exception("InvalidArgument", "emailAddress must be an email address.");
        if (await FindOrNullAsync(email, ct).ConfigureAwait(false) is not null) throw new S3Exception("UserAlreadyExists");
        var created = await rootStore.CreateRootAsync(RootNameFor(email), email, ct: ct).ConfigureAwait(false);
        await SendAsync(http, NewKeyAnswer(created.Root, created.AccessKey)).ConfigureAwait(false);
    }

    private async Task DeleteUserAsync(HttpContext http, RootInfo root, string adminRoot)
    {
        if (root.Name == adminRoot) throw new S3Exception("InvalidArgument", "The administrator's own user cannot be deleted.");
        if (engine.ListBuckets(root.Name).Count > 0) throw new S3Exception("UserHasBuckets");
        await rootStore.DeleteRootAsync(root.Name, http.RequestAborted).ConfigureAwait(false);
        await disabled.SetAsync(root.Name, false, http.RequestAborted).ConfigureAwait(false);
        http.Response.StatusCode = StatusCodes.Status204NoContent;
    }

    /// <summary>POST: disable, enable, genKey or revokeKey=ID.</summary>
    private async Task ChangeUserAsync(HttpContext http, RootInfo root, string adminRoot)
    {
        var query = http.Request.Query;
        var ct = http.RequestAborted;
        if (query.ContainsKey("disable") || query.ContainsKey("enable"))
        {
            var disable = query.ContainsKey("disable");
            if (disable && root.Name == adminRoot) throw new S3Exception("InvalidArgument", "The administrator's own user cannot be disabled.");
            await disabled.SetAsync(root.Name, disable, ct).ConfigureAwait(false);
        }
        else if (query.ContainsKey("genKey"))
        {
            var key = await accessKeyStore.CreateAccessKeyAsync(root.Name, root.RootUserName, ct: ct).ConfigureAwait(false);
            await SendAsync(http, NewKeyAnswer(root, key)).ConfigureAwait(false);
        }
        else if (query.TryGetValue("revokeKey", out var keyId) && keyId.ToString().Length > 0)
        {
            await accessKeyStore.DeleteAccessKeyAsync(root.Name, root.RootUserName, keyId.ToString(), ct).ConfigureAwait(false);
        }
        else throw new S3Exception("InvalidArgument", "POST ?ostor-users needs disable, enable, genKey or revokeKey=<access key id>.");
    }

    private async Task BucketsAsync(HttpContext http, string? email)
    {
        var roots = (await rootStore.ListRootsAsync(http.RequestAborted).ConfigureAwait(false)).ToDictionary(r => r.Name, StringComparer.Ordinal);
        var buckets = email is null
            ? engine.AllBuckets()
            : engine.ListBuckets((await FindAsync(email, http.RequestAborted).ConfigureAwait(false)).Name);
        var hours = clock.GetUtcNow().ToUnixTimeSeconds() / 3600;
        await SendAsync(http, new
        {
            Buckets = buckets.Select(b =>
            {
                var current = engine.GetBucketUsage(b.Owner, b.Name).Bytes;
                return new
                {
                    // The store keeps the current size only: no usage history, so h_integral is 0 and hmax the current size.
                    size = new { current, h_integral = 0L, hmax = current, last_ts = hours },
                    epoch = 0,
                    owner_id = roots.TryGetValue(b.Owner, out var owner) ? owner.Id : b.Owner,
                    name = b.Name,
                    creation_date = b.Created.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture),
                };
            }).ToList(),
        }).ConfigureAwait(false);
    }

    private const string OwnerId = "0000000000000000";

    private static object NewKeyAnswer(RootInfo root, NewAccessKey key) => new
    {
        UserEmail = root.RootUserName,
        UserId = root.Id,
        AWSAccessKeys = new[] { new { AWSAccessKeyId = key.AccessKeyId, AWSSecretAccessKey = key.SecretAccessKey } },
    };

    private async Task<string> StateAsync(RootInfo root, CancellationToken ct) =>
        await disabled.IsDisabledAsync(root.Name, ct).ConfigureAwait(false) ? "disabled" : "enabled";

    private async Task<RootInfo> FindAsync(string email, CancellationToken ct) =>
        await FindOrNullAsync(email, ct).ConfigureAwait(false) ?? throw new S3Exception("NoSuchUser");

    private async Task<RootInfo?> FindOrNullAsync(string email, CancellationToken ct) =>
        (await rootStore.ListRootsAsync(ct).ConfigureAwait(false)).FirstOrDefault(r => string.Equals(r.RootUserName, email, StringComparison.OrdinalIgnoreCase));

    /// <summary>A root name for the user's tenant: "u-" and 16 hex of the address's hash (root names are narrower than emails).</summary>
    private static string RootNameFor(string email) =>
        "u-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(email.ToLowerInvariant())))[..16];

    private static async Task SendAsync(HttpContext http, object body)
    {
        http.Response.ContentType = "application/json";
        await JsonSerializer.SerializeAsync(http.Response.Body, body, body.GetType(), Json, http.RequestAborted).ConfigureAwait(false);
    }
}
