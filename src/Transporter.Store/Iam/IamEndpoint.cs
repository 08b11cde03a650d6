using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Logging;
using Transporter.Identity;
using Transporter.Identity.Accounts;
using Transporter.Identity.Customers;
using Transporter.Identity.Signatures;
using Transporter.Store.Protocol;

namespace Transporter.Store.Iam;

/// <summary>
/// The IAM and STS endpoints on the store's listener (AWS's query protocol: form-encoded Action and Version, XML
/// answers): a request is theirs when its SigV4 credential scope names the service "iam" or "sts", or, unsigned, when
/// its Host starts with "iam." or "sts.". Authentication is the store's (the same keys); the handlers decide access.
/// Every call of a known caller, allowed or refused, is written to its root's audit log.
/// </summary>
internal sealed class IamEndpoint(
    IRequestAuthenticator authenticator, RootStore rootStore, AuditLog auditLog, IamHandler iam, StsHandler sts, RsLoginHandler login,
    RsResetPasswordHandler passwordReset, CustomerHandler customers, WhitelistHandler whitelist, SamlConnectionHandler saml,
    BillingHandler billing, RootAccessGate gate, TimeProvider clock, ILogger logger)
{
    public const string IamNamespace = "https://iam.amazonaws.com/doc/2010-05-08/";
    public const string StsNamespace = "https://sts.amazonaws.com/doc/2011-06-15/";

    /// <summary>The largest form accepted (a policy document is at most 6,144 characters, percent-encoded up to three times that).</summary>
    private const int MaxFormBytes = 64 * 1024;

    private readonly IamErrorResponder _errors = new(logger);

    public static string NamespaceOf(string service) => service == "sts" ? StsNamespace : IamNamespace;

    /// <summary>"iam" or "sts" when the request is for those endpoints, else null (an S3 request).</summary>
    public static string? ServiceOf(HttpRequest request)
    {
        // Every S3 request passes here first: the raw query is scanned rather than parsed whole (request.Query builds a
        // dictionary of every parameter, a measurable share of a presigned GET's cost).
        var scope = ScopeService(request.Headers.Authorization.ToString(), "Credential=")
                    ?? ScopeService(QueryCredential(request.QueryString.Value), "");
        if (scope is not null) return scope is "iam" or "sts" ? scope : null;
        var host = request.Host.Host;
        if (host.StartsWith("iam.", StringComparison.OrdinalIgnoreCase)) return "iam";
        if (host.StartsWith("sts.", StringComparison.OrdinalIgnoreCase)) return "sts";
        return null;
    }

    public async Task HandleAsync(HttpContext context, string service)
    {
        var requestId = Guid.NewGuid().ToString();
        Caller? caller = null;
        var action = "";
        string? errorCode = null;
        try
        {
            var isWhitelist = service == "iam" && context.Request.Path.StartsWithSegments(WhitelistHandler.PathPrefix);
            if (!HttpMethods.IsPost(context.Request.Method) && !HttpMethods.IsGet(context.Request.Method) && !isWhitelist)
                throw new IamException(405, "InvalidAction", "The IAM and STS endpoints take GET or POST requests.");
            var auth = await authenticator.AuthenticateAsync(HttpSignedRequest.From(context.Request), service, context.RequestAborted).ConfigureAwait(false);
            caller = auth.Caller;
            if (isWhitelist)
            {
                if (caller is null) throw new IamException(403, "MissingAuthenticationToken", "Request is missing Authentication Token");
                action = context.Request.Path.Value![(WhitelistHandler.PathPrefix.Length + 1)..];
                // Not held to the whitelist itself (a locked-out root may still ask for a rule), but to the customer's status.
                await CheckGateAsync(context, caller, service, whitelisted: false).ConfigureAwait(false);
                errorCode = await whitelist.HandleAsync(context, caller, auth.Body).ConfigureAwait(false);
                return;
            }
            var parameters = await ReadParametersAsync(context.Request, auth.Body, context.RequestAborted).ConfigureAwait(false);
            if (!parameters.TryGetValue("Action", out var given) || given.Length == 0) throw IamException.Missing("Action");
            action = given;
            var version = service == "sts" ? StsHandler.Version : IamHandler.Version;
            if (!parameters.TryGetValue("Version", out var versionGiven) || versionGiven != version)
                throw new IamException(400, "InvalidAction",
                    $"Could not find operation {action} for version {(versionGiven is { Length: > 0 } ? versionGiven : "NO_VERSION_SPECIFIED")}");
            if (service == "sts" && action == RsLoginHandler.Action)
            {
                // Signed or not: the password authenticates. The named user is audited whether or not it signs in.
                if (context.Request.Headers["x-lyve-customer"].ToString() is { Length: > 0 } header
                    && parameters.TryGetValue("Customer", out var named) && named.Length > 0 && !string.Equals(header, named, StringComparison.Ordinal))
                    throw IamException.AccessDenied("The x-lyve-customer header must name the Customer signing in.");
                caller = await login.NamedUserAsync(parameters, context.RequestAborted).ConfigureAwait(false);
                if (caller is not null) await CheckGateAsync(context, caller, service).ConfigureAwait(false);
                caller = await login.LoginAsync(context, parameters, requestId).ConfigureAwait(false);
                return;
            }
            if (service == "iam" && action == RsResetPasswordHandler.Action)
            {
                // Not authenticated: the token is the proof. Audited for the token's user once it is known.
                caller = null;
                caller = await passwordReset.ResetAsync(context, parameters, requestId).ConfigureAwait(false);
                return;
            }
            if (caller is null) throw new IamException(403, "MissingAuthenticationToken", "Request is missing Authentication Token");
            await CheckGateAsync(context, caller, service).ConfigureAwait(false);
            var root = await rootStore.GetRootAsync(caller.Root, context.RequestAborted).ConfigureAwait(false)
                       ?? throw new RequestAuthenticationException(AuthFailureKind.InvalidAccessKeyId);
            var request = new IamRequest(context, caller, root, parameters, requestId);
            var reply = IsCustomerAction(service, action) ? await customers.HandleAsync(request).ConfigureAwait(false)
                : service == "iam" && SamlConnectionHandler.Actions.Contains(action) ? await saml.HandleAsync(request).ConfigureAwait(false)
                : service == "iam" && BillingHandler.Actions.Contains(action) ? await billing.HandleAsync(request).ConfigureAwait(false)
                : service == "sts" ? await sts.HandleAsync(request).ConfigureAwait(false)
                : await iam.HandleAsync(request).ConfigureAwait(false);
            await reply.SendAsync(context.Response).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            errorCode = await _errors.RespondAsync(context, e, service, requestId).ConfigureAwait(false);
        }
        finally
        {
            // Calls of unknown callers (bad signatures, unknown keys) belong to no root; the log at Debug keeps them.
            if (caller is not null) await AuditAsync(context, caller, service, action, errorCode).ConfigureAwait(false);
        }
    }

    private static bool IsCustomerAction(string service, string action) =>
        service == "sts" ? action == CustomerHandler.StsAction : CustomerHandler.IamActions.Contains(action);

    /// <summary>Refuses a disabled customer, one whose IAM service is switched off, or a client outside its root's whitelist.</summary>
    private async Task CheckGateAsync(HttpContext context, Caller caller, string service, bool whitelisted = true)
    {
        var client = whitelisted ? context.Connection.RemoteIpAddress : null;
        if (await gate.RefusalAsync(caller, service, client, context.RequestAborted).ConfigureAwait(false) is { } refusal)
            throw IamException.AccessDenied(refusal);
    }

    private async Task AuditAsync(HttpContext context, Caller caller, string service, string action, string? errorCode)
    {
        var ip = context.Connection.RemoteIpAddress;
        var entry = new AuditEntry(caller.Root, caller.UserName, caller.AccessKey, service, action.Length == 0 ? "-" : action,
            ip is null ? null : (ip.IsIPv4MappedToIPv6 ? ip.MapToIPv4() : ip).ToString(), errorCode is null, errorCode, clock.GetUtcNow());
        try
        {
            await auditLog.RecordAuditAsync(entry, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception e) when (e is System.Data.Common.DbException or InvalidOperationException or TimeoutException)
        {
            logger.LogError(e, "Could not write the audit entry of {Service} {Action} by {User} of {Root}", service, entry.Action, caller.UserName, caller.Root);
        }
    }

    /// <summary>The query parameters (other than the signature's) merged with the form body's; the body wins.</summary>
    private static async Task<Dictionary<string, string>> ReadParametersAsync(HttpRequest request, Stream body, CancellationToken ct)
    {
        var parameters = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, value) in request.Query)
            if (!name.StartsWith("X-Amz-", StringComparison.OrdinalIgnoreCase)) parameters[name] = value.ToString();
        if (request.ContentLength > MaxFormBytes) throw new IamException(413, "RequestEntityTooLarge", $"The request body exceeds {MaxFormBytes} bytes.");
        using var buffer = new MemoryStream();
        var chunk = new byte[8192];
        int read;
        while ((read = await body.ReadAsync(chunk, ct).ConfigureAwait(false)) > 0)
        {
            if (buffer.Length + read > MaxFormBytes) throw new IamException(413, "RequestEntityTooLarge", $"The request body exceeds {MaxFormBytes} bytes.");
            buffer.Write(chunk, 0, read);
        }
        var form = System.Text.Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
        foreach (var (name, value) in QueryHelpers.ParseQuery(form)) parameters[name] = value.ToString();
        return parameters;
    }

    /// <summary>The service of a SigV4 credential ("AKID/20250101/us-east-1/iam/aws4_request") found after <paramref name="marker"/>.</summary>
    /// <summary>The service of the credential scope in <paramref name="text"/> (after <paramref name="marker"/>): "iam"
    /// or "sts", "" for any other service, null when there is no scope of five parts.</summary>
    private static string? ScopeService(string? text, string marker)
    {
        if (string.IsNullOrEmpty(text)) return null;
        var at = marker.Length == 0 ? 0 : text.IndexOf(marker, StringComparison.Ordinal);
        if (at < 0) return null;
        var credential = text.AsSpan(at + marker.Length);
        var end = credential.IndexOfAny(',', ' ');
        if (end >= 0) credential = credential[..end];
        // AccessKeyId/yyyyMMdd/region/service/aws4_request
        Span<Range> parts = stackalloc Range[6];
        if (credential.Split(parts, '/') != 5) return null;
        var service = credential[parts[3]];
        return service.SequenceEqual("iam") ? "iam" : service.SequenceEqual("sts") ? "sts" : "";
    }

    /// <summary>The decoded value of the query's X-Amz-Credential parameter (name compared case-insensitively, as
    /// request.Query does), or null; <paramref name="query"/> is the raw query string with its '?'.</summary>
    private static string? QueryCredential(string? query)
    {
        const string Name = "X-Amz-Credential=";
        if (string.IsNullOrEmpty(query)) return null;
        for (var at = query.IndexOf(Name, StringComparison.OrdinalIgnoreCase); at >= 0;
             at = query.IndexOf(Name, at + Name.Length, StringComparison.OrdinalIgnoreCase))
        {
            if (at > 0 && query[at - 1] is not ('?' or '&')) continue;
            var start = at + Name.Length;
            var end = query.IndexOf('&', start);
            return Uri.UnescapeDataString(end < 0 ? query[start..] : query[start..end]);
        }
        return null;
    }
}
