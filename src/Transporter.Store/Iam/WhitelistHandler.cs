using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Transporter.Identity;
using Transporter.Identity.Accounts;
using Transporter.Identity.Customers;

namespace Transporter.Store.Iam;

/// <summary>
/// The spec's whitelist endpoints on the IAM listener (/api/whitelist/RSWhitelist*, JSON bodies signed for "iam"): a
/// root's root user or its reseller adds rules (Pending) and deletes pending ones; the reseller approves, rejects,
/// deletes active ones and lists. Answers are the spec's JSON, failures <c>{"ok":false,"errorCode","errorDesc"}</c> with
/// IAM's status codes. These endpoints are not themselves held to the whitelist, so a root locked out can still ask
/// for a rule (which its reseller must approve).
/// </summary>
internal sealed class WhitelistHandler(WhitelistStore rules, CustomerStore customers, Resellers resellers, TimeProvider clock)
{
    public const string PathPrefix = "/api/whitelist";

    private const int MaxBodyBytes = 16 * 1024;

    /// <returns>The error code answered (for the audit log), null on success.</returns>
    public async Task<string?> HandleAsync(HttpContext context, Caller caller, Stream body)
    {
        try
        {
            var action = context.Request.Path.Value![(PathPrefix.Length + 1)..];
            var method = context.Request.Method;
            object answer = (action, method) switch
            {
                ("RSWhitelistAddRule", "PUT" or "POST") => await AddAsync(caller, await ReadAsync(body, context.RequestAborted).ConfigureAwait(false), context.RequestAborted).ConfigureAwait(false),
                ("RSWhitelistDeleteRule", "DELETE" or "POST") => await DeleteAsync(caller, await ReadAsync(body, context.RequestAborted).ConfigureAwait(false), context.RequestAborted).ConfigureAwait(false),
                ("RSWhitelistApproveRule", "POST") => await DecideAsync(caller, await ReadAsync(body, context.RequestAborted).ConfigureAwait(false), true, context.RequestAborted).ConfigureAwait(false),
                ("RSWhitelistRejectRule", "POST") => await DecideAsync(caller, await ReadAsync(body, context.RequestAborted).ConfigureAwait(false), false, context.RequestAborted).ConfigureAwait(false),
                ("RSWhitelistListRules", "GET") => await ListAsync(caller, context.Request.Query["root"].ToString(), context.RequestAborted).ConfigureAwait(false),
                ("RSWhitelistStats", "GET") => await StatsAsync(caller, context.Request.Query["root"].ToString(), context.RequestAborted).ConfigureAwait(false),
                ("RSWhitelistAddRule" or "RSWhitelistDeleteRule" or "RSWhitelistApproveRule" or "RSWhitelistRejectRule" or "RSWhitelistListRules"
                    or "RSWhitelistStats", _) => throw new IamException(405, "MethodNotAllowed", $"{action} does not take {method}."),
                _ => throw new IamException(404, "InvalidAction", $"No whitelist action {action}."),
            };
            await WriteAsync(context, 200, answer).ConfigureAwait(false);
            return null;
        }
        catch (Exception e) when (e is IamException or IdentityException or JsonException)
        {
            var (status, code) = e switch
            {
                IamException iam => (iam.Status, iam.Code),
                IdentityException { Kind: IdentityErrorKind.NotFound } => (404, "NoSuchEntity"),
                IdentityException => (400, "InvalidInput"),
                _ => (400, "MalformedJson"),
            };
            await WriteAsync(context, status, new { ok = false, errorCode = code, errorDesc = e.Message }).ConfigureAwait(false);
            return code;
        }
    }

    private async Task<object> AddAsync(Caller caller, JsonElement body, CancellationToken ct)
    {
        var root = Required(body, "root");
        await RequireAdminOrResellerAsync(caller, root, ct).ConfigureAwait(false);
        var subNet = Required(body, "subNet");
        if (!WhitelistSubnets.TryParse(subNet, out var network)) throw IamException.InvalidInput($"subNet {subNet} is no address or CIDR subnet.");
        var regions = body.TryGetProperty("regions", out var r) && r.ValueKind == JsonValueKind.Array
            ? r.EnumerateArray().Select(x => x.GetString() ?? "").Where(x => x.Length > 0).ToList() : [];
        var notes = body.TryGetProperty("notes", out var n) && n.ValueKind == JsonValueKind.String ? n.GetString()! : "";
        int? ttl = null;
        if (body.TryGetProperty("ttl", out var t) && t.ValueKind != JsonValueKind.Null)
        {
            if (t.ValueKind != JsonValueKind.Number || !t.TryGetInt32(out var days) || days < 1) throw IamException.InvalidInput("ttl is a whole number of days, 1 or more.");
            ttl = days;
        }
        var rule = await rules.AddAsync(root, network.ToString(), regions, notes, ttl, ct).ConfigureAwait(false);
        return new { ok = true, ruleId = rule.RuleId, insertedAt = Timestamp(rule.InsertedAt) };
    }

    private async Task<object> DeleteAsync(Caller caller, JsonElement body, CancellationToken ct)
    {
        var root = Required(body, "root");
        var ruleId = Required(body, "ruleId");
        var isReseller = await RequireAdminOrResellerAsync(caller, root, ct).ConfigureAwait(false);
        var rule = await rules.GetAsync(root, ruleId, ct).ConfigureAwait(false)
                   ?? throw new IdentityException(IdentityErrorKind.NotFound, $"The rule {ruleId} of {root} does not exist.");
        if (rule.Status != WhitelistRule.Pending && !isReseller) throw IamException.AccessDenied("Only the reseller deletes a rule that is no longer Pending.");
        await rules.DeleteAsync(root, ruleId, ct).ConfigureAwait(false);
        return new { ok = true };
    }

    private async Task<object> DecideAsync(Caller caller, JsonElement body, bool approve, CancellationToken ct)
    {
        var root = Required(body, "root");
        var ruleId = Required(body, "ruleId");
        if (!await RequireAdminOrResellerAsync(caller, root, ct).ConfigureAwait(false))
            throw IamException.AccessDenied("Only the reseller approves or rejects a whitelist rule.");
        var notes = body.TryGetProperty("notes", out var n) && n.ValueKind == JsonValueKind.String ? n.GetString() : null;
        var rule = await rules.DecideAsync(root, ruleId, approve, notes, ct).ConfigureAwait(false);
        return new { ok = true, errorDesc = "", ruleId = rule.RuleId, status = rule.StatusAt(clock.GetUtcNow()), updatedAt = Timestamp(rule.UpdatedAt) };
    }

    private async Task<object> ListAsync(Caller caller, string root, CancellationToken ct)
    {
        if (root.Length == 0) throw IamException.Missing("root");
        await RequireAdminOrResellerAsync(caller, root, ct).ConfigureAwait(false);
        var now = clock.GetUtcNow();
        var list = (await rules.ListAsync(root, ct).ConfigureAwait(false)).Select(rule => new
        {
            ruleId = rule.RuleId,
            insertedAt = Timestamp(rule.InsertedAt),
            updatedAt = Timestamp(rule.UpdatedAt),
            subNet = rule.SubNet,
            status = rule.StatusAt(now),
            regions = rule.Regions,
            notes = rule.Notes,
        }).ToList();
        return new { ok = true, partial = false, rules = list, errorDesc = "" };
    }

    /// <summary>"Upcoming" in the spec: the root's rules counted by status.</summary>
    private async Task<object> StatsAsync(Caller caller, string root, CancellationToken ct)
    {
        if (root.Length == 0) throw IamException.Missing("root");
        await RequireAdminOrResellerAsync(caller, root, ct).ConfigureAwait(false);
        var now = clock.GetUtcNow();
        var counts = (await rules.ListAsync(root, ct).ConfigureAwait(false)).GroupBy(r => r.StatusAt(now)).ToDictionary(g => g.Key, g => g.Count());
        return new { ok = true, root, rules = counts };
    }

    /// <summary>True for the root's reseller; the root's own root user passes with false; anyone else is refused, and a
    /// root that is neither the caller's nor one of its customers is NoSuchEntity.</summary>
    private async Task<bool> RequireAdminOrResellerAsync(Caller caller, string root, CancellationToken ct)
    {
        if (resellers.IsReseller(caller.Root) && caller.IsRoot && !caller.IsSession)
        {
            if (root == caller.Root) return true;
            if (await customers.GetAsync(root, ct).ConfigureAwait(false) is { } customer && customer.Reseller == caller.Root) return true;
            throw new IdentityException(IdentityErrorKind.NotFound, $"The root {root} does not exist.");
        }
        if (caller.IsRoot && caller.Root == root) return false;
        throw IamException.AccessDenied($"Only the root user of {root} or its reseller manages its whitelist.");
    }

    private static string Required(JsonElement body, string name) =>
        body.ValueKind == JsonValueKind.Object && body.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
        && value.GetString() is { Length: > 0 } text ? text : throw IamException.Missing(name);

    private static async Task<JsonElement> ReadAsync(Stream body, CancellationToken ct)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[8192];
        int read;
        while ((read = await body.ReadAsync(chunk, ct).ConfigureAwait(false)) > 0)
        {
            if (buffer.Length + read > MaxBodyBytes) throw new IamException(413, "RequestEntityTooLarge", $"The request body exceeds {MaxBodyBytes} bytes.");
            buffer.Write(chunk, 0, read);
        }
        if (buffer.Length == 0) throw IamException.Validation("The request needs a JSON body.");
        using var document = JsonDocument.Parse(buffer.ToArray());
        return document.RootElement.Clone();
    }

    private static async Task WriteAsync(HttpContext context, int status, object value)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        await JsonSerializer.SerializeAsync(context.Response.Body, value, value.GetType(), cancellationToken: context.RequestAborted).ConfigureAwait(false);
    }

    private static string Timestamp(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
}
