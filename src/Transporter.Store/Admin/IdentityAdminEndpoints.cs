using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Transporter.Identity.Accounts;

namespace Transporter.Store.Admin;

/// <summary>
/// The identity part of the admin API (modelled on Garage's admin API and the ostor-users API), JSON under /admin/v1,
/// bearer-token protected by TRANSPORTER_ADMIN_TOKEN: roots, their users, the users' access keys and policies, the IAM/STS audit log. A secret is
/// returned only by the call that creates its key; listings never carry one.
/// </summary>
public static class IdentityAdminEndpoints
{
    public const string Prefix = "/admin/v1";

    /// <summary>
    /// Maps the endpoints on the host's routes; on the API port they work as they are. To serve them on the S3 port
    /// too, the store's catch-all branch must let these requests through to routing, e.g.
    /// <c>app.MapWhen(ctx =&gt; ctx.Connection.LocalPort == s3Port &amp;&amp; !IdentityAdminEndpoints.IsAdminRequest(ctx), s3 =&gt; ...)</c>:
    /// a request under /admin/v1 with a Bearer token then reaches these endpoints, while SigV4-signed S3 requests
    /// (even for a bucket named "admin") stay with the store.
    /// </summary>
    public static RouteGroupBuilder MapIdentityAdmin(this IEndpointRouteBuilder endpoints)
    {
        var admin = endpoints.MapGroup(Prefix).AddEndpointFilter<AdminBearerTokenFilter>().WithTags("Admin: identity");

        admin.MapGet("/roots", async (RootStore roots, CancellationToken ct) => Results.Ok(await roots.ListRootsAsync(ct)));
        admin.MapPost("/roots", CreateRootAsync);
        admin.MapGet("/roots/{root}", async (string root, RootStore roots, CancellationToken ct) =>
            await roots.GetRootAsync(root, ct) is { } info ? Results.Ok(info) : NotFound($"The root '{root}' does not exist."));

        admin.MapGet("/roots/{root}/users", async (string root, UserStore users, CancellationToken ct) => Results.Ok(await users.ListUsersAsync(root, ct)));
        admin.MapPost("/roots/{root}/users", CreateUserAsync);
        admin.MapGet("/roots/{root}/users/{userName}", async (string root, string userName, UserStore users, CancellationToken ct) =>
            await users.GetUserAsync(root, userName, ct) is { } user ? Results.Ok(user) : NotFound($"The user '{userName}' of root '{root}' does not exist."));

        admin.MapGet("/roots/{root}/users/{userName}/keys", async (string root, string userName, AccessKeyStore keys, CancellationToken ct) =>
            Results.Ok(await keys.ListAccessKeysAsync(root, userName, ct)));
        admin.MapPost("/roots/{root}/users/{userName}/keys", CreateAccessKeyAsync);
        admin.MapDelete("/roots/{root}/users/{userName}/keys/{accessKeyId}",
            async (string root, string userName, string accessKeyId, AccessKeyStore keys, CancellationToken ct) =>
            {
                await keys.DeleteAccessKeyAsync(root, userName, accessKeyId, ct);
                return Results.NoContent();
            });
        admin.MapPost("/roots/{root}/users/{userName}/policies", AttachUserPolicyAsync);
        admin.MapGet("/roots/{root}/audit", async (string root, RootStore roots, AuditLog audit, CancellationToken ct) =>
            await roots.GetRootAsync(root, ct) is null
                ? NotFound($"The root '{root}' does not exist.")
                : Results.Ok(await audit.ListAuditAsync(root, ct: ct)));
        admin.MapGet("/keys/{accessKeyId}", async (string accessKeyId, AccessKeyStore keys, CancellationToken ct) =>
            await keys.GetAccessKeyAsync(accessKeyId, ct) is { } key ? Results.Ok(key) : NotFound($"No access key {accessKeyId}."));
        return admin;
    }

    /// <summary>True for a request meant for the admin API: under /admin/v1 and carrying a Bearer token (S3 requests
    /// carry AWS signatures instead).</summary>
    public static bool IsAdminRequest(HttpContext context) =>
        context.Request.Path.StartsWithSegments(Prefix)
        && context.Request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase);

    private static async Task<IResult> CreateRootAsync(HttpRequest request, RootStore roots)
    {
        var (body, error) = await AdminErrors.ReadJsonAsync<CreateRootRequest>(request);
        if (error is not null) return error;
        var created = await roots.CreateRootAsync(body!.Name ?? "", body.RootUser ?? IdentityBootstrap.RootUserName,
            body.AccessKeyId, body.SecretAccessKey, request.HttpContext.RequestAborted);
        return Results.Created($"{Prefix}/roots/{created.Root.Name}", created);
    }

    private static async Task<IResult> CreateUserAsync(string root, HttpRequest request, UserStore users)
    {
        var (body, error) = await AdminErrors.ReadJsonAsync<CreateUserRequest>(request);
        if (error is not null) return error;
        var user = await users.CreateUserAsync(root, body!.UserName ?? "", request.HttpContext.RequestAborted);
        return Results.Created($"{Prefix}/roots/{root}/users/{Uri.EscapeDataString(user.UserName)}", user);
    }

    private static async Task<IResult> CreateAccessKeyAsync(string root, string userName, HttpRequest request, AccessKeyStore keys)
    {
        var (body, error) = await AdminErrors.ReadJsonAsync(request, new CreateAccessKeyRequest(null, null));
        if (error is not null) return error;
        var key = await keys.CreateAccessKeyAsync(root, userName, body!.AccessKeyId, body.SecretAccessKey, request.HttpContext.RequestAborted);
        return Results.Created($"{Prefix}/keys/{key.AccessKeyId}", key);
    }

    private static async Task<IResult> AttachUserPolicyAsync(string root, string userName, HttpRequest request, UserStore users,
        ManagedPolicyStore managedPolicies, PolicyAttachmentStore attachments)
    {
        var (body, error) = await AdminErrors.ReadJsonAsync<AttachUserPolicyRequest>(request);
        if (error is not null) return error;
        var ct = request.HttpContext.RequestAborted;
        if (await users.GetUserAsync(root, userName, ct) is null) return NotFound($"The user '{userName}' of root '{root}' does not exist.");
        var policy = await managedPolicies.CreatePolicyAsync(root, body!.PolicyName ?? "", body.PolicyDocument ?? "", ct: ct);
        await attachments.AttachUserPolicyAsync(root, userName, policy.Name, ct);
        return Results.Created($"{Prefix}/roots/{root}/users/{Uri.EscapeDataString(userName)}/policies/{Uri.EscapeDataString(policy.Name)}", policy);
    }

    private static IResult NotFound(string details) => AdminErrors.Json(StatusCodes.Status404NotFound, "NotFound", details);
}
