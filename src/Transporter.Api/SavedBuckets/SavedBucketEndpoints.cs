using Transporter.Api.Access;
using System.Text.Json;
using Transporter.Api.Http;
using Transporter.Core.SavedBuckets;

namespace Transporter.Api.SavedBuckets;

/// <summary>
/// The saved bucket table of spec/bucket-table-api.txt, per root: POST /add-mod-del-bucket (op=add|modify|delete,
/// form-encoded as in the text, or JSON) by the root's administrator (its root user), and GET /saved-buckets, the
/// table without secrets, for every user of the root.
/// </summary>
public static class SavedBucketEndpoints
{
    public static RouteGroupBuilder MapSavedBucketEndpoints(this RouteGroupBuilder api)
    {
        api.MapPost("/add-mod-del-bucket", ChangeAsync).Requires(TransporterActions.ChangeSavedBuckets, TransporterResources.SavedBucket)
            .WithSummary("Add, modify or delete an entry of the root's saved bucket table (root user only)")
            .Produces<SavedBucketView>()
            .Produces<ApiError>(StatusCodes.Status400BadRequest);
        api.MapGet("/saved-buckets", ListAsync).Requires(TransporterActions.ListSavedBuckets, TransporterResources.SavedBucket)
            .WithSummary("The root's saved bucket table, without secrets")
            .Produces<IReadOnlyList<SavedBucketView>>();
        return api;
    }

    private static async Task<IResult> ListAsync(HttpContext http, SavedBucketRepository table, CancellationToken ct)
    {
        var root = http.Caller().Root;
        var views = new List<SavedBucketView>();
        foreach (var entry in await table.ListAsync(root, ct))
        {
            // The listing carries no secrets: whether one is set is read from the full entry.
            var full = await table.FindAsync(root, entry.BucketName, ct);
            views.Add(SavedBucketView.Of(entry, !string.IsNullOrEmpty(full?.SecretAccessKey), !string.IsNullOrEmpty(full?.SharedSecret)));
        }
        return ApiResults.Json(views);
    }

    private static async Task<IResult> ChangeAsync(HttpContext http, SavedBucketRepository table, CancellationToken ct)
    {
        var caller = http.Caller();
        if (!caller.IsRoot) return ApiResults.Forbidden("only the root user (the administrator) of the root may change its saved buckets");
        var (form, error) = await ReadAsync(http.Request, ct);
        if (form is null) return error!;
        if (string.IsNullOrWhiteSpace(form.BucketName)) return ApiResults.BadRequest("bucketname is required");
        var existing = await table.FindAsync(caller.Root, form.BucketName, ct);
        switch (form.Op)
        {
            case "add":
                if (string.IsNullOrWhiteSpace(form.Cloud)) return ApiResults.BadRequest("cloud is required for op=add (aws, azure, minio or other)");
                var added = Apply(new SavedBucket { Root = caller.Root, BucketName = form.BucketName, Cloud = form.Cloud }, form);
                if (Problem(added) is { } addProblem) return ApiResults.BadRequest(addProblem);
                await table.SaveAsync(added, ct);
                return await ViewAsync(table, caller.Root, form.BucketName, ct);
            case "modify":
                if (existing is null) return ApiResults.Error(StatusCodes.Status404NotFound, "not found", $"no saved bucket '{form.BucketName}'");
                var modified = Apply(existing, form);
                if (Problem(modified) is { } modifyProblem) return ApiResults.BadRequest(modifyProblem);
                await table.SaveAsync(modified, ct);
                return await ViewAsync(table, caller.Root, form.BucketName, ct);
            case "delete":
                return await table.DeleteAsync(caller.Root, form.BucketName, ct)
                    ? Results.Ok()
                    : ApiResults.Error(StatusCodes.Status404NotFound, "not found", $"no saved bucket '{form.BucketName}'");
            default:
                return ApiResults.BadRequest("op is required: add, modify or delete");
        }
    }

    /// <summary>The fields sent replace those of <paramref name="entry"/>; an empty value clears one.</summary>
    private static SavedBucket Apply(SavedBucket entry, SavedBucketForm form)
    {
        static string? Pick(string? sent, string? current) => sent is null ? current : sent.Length == 0 ? null : sent;
        return entry with
        {
            Cloud = string.IsNullOrEmpty(form.Cloud) ? entry.Cloud : form.Cloud,
            Endpoint = Pick(form.Endpoint, entry.Endpoint),
            Region = Pick(form.Region, entry.Region),
            SharedSecret = Pick(form.SharedSecret, entry.SharedSecret),
            AccessKeyId = Pick(form.AccessKeyId, entry.AccessKeyId),
            SecretAccessKey = Pick(form.SecretAccessKey, entry.SecretAccessKey),
            AccessRole = Pick(form.AccessRole, entry.AccessRole),
            AccessRoleExt = Pick(form.AccessRoleExt, entry.AccessRoleExt),
        };
    }

    private static string? Problem(SavedBucket b)
    {
        if (!SavedBucket.Clouds.Contains(b.Cloud)) return $"cloud must be aws, azure, minio or other, got '{b.Cloud}'";
        if (b.Endpoint is not null && !(Uri.TryCreate(b.Endpoint, UriKind.Absolute, out var url) && url.Scheme is "http" or "https"))
            return $"endpoint '{b.Endpoint}' is not an http(s) URL";
        if ((b.AccessKeyId is null) != (b.SecretAccessKey is null)) return "accessKeyId and secretAccessKey go together";
        if (b.AccessRoleExt is not null && b.AccessRole is null) return "accessRoleExt needs accessRole";
        return null;
    }

    private static async Task<IResult> ViewAsync(SavedBucketRepository table, string root, string name, CancellationToken ct)
    {
        var saved = (await table.FindAsync(root, name, ct))!;
        return ApiResults.Json(SavedBucketView.Of(saved with { SecretAccessKey = null, SharedSecret = null },
            !string.IsNullOrEmpty(saved.SecretAccessKey), !string.IsNullOrEmpty(saved.SharedSecret)));
    }

    /// <summary>The form fields (application/x-www-form-urlencoded, as the text sends them) or a JSON object of the same names.</summary>
    private static async Task<(SavedBucketForm? Form, IResult? Error)> ReadAsync(HttpRequest request, CancellationToken ct)
    {
        if (request.HasFormContentType)
        {
            var form = await request.ReadFormAsync(ct);
            string? Field(string name) => form.TryGetValue(name, out var v) ? v.ToString() : null;
            return (new SavedBucketForm(Field("op"), Field("bucketname"), Field("cloud"), Field("endpoint"), Field("region"), Field("sharedSecret"),
                Field("accessKeyId"), Field("secretAccessKey"), Field("accessRole"), Field("accessRoleExt")), null);
        }
        try
        {
            var json = await JsonSerializer.DeserializeAsync<SavedBucketForm>(request.Body, ApiJson.Options, ct);
            return json is null ? (null, ApiResults.BadRequest("a form or a JSON object is required")) : (json, null);
        }
        catch (JsonException e)
        {
            return (null, ApiResults.BadRequest("the body is neither a form nor valid JSON: " + e.Message));
        }
    }
}
