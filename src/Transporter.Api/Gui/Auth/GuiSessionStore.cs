using System.Buffers.Text;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using Dapper;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Transporter.Core.Persistence;

namespace Transporter.Api.Gui.Auth;

/// <summary>
/// Server-side GUI sessions in the platform database, so the cookie carries only a random session key (protected by
/// ASP.NET Core data protection) and sign-out ends the session everywhere. Rows are found by the SHA-256 of the key,
/// so the table alone cannot be replayed as cookies; the ticket holds the user's claims, never a secret.
/// </summary>
public sealed class GuiSessionStore(Database db, TimeProvider clock) : ITicketStore
{
    private readonly SchemaGate _schema = new(db, GuiSessionSchema.Component, GuiSessionSchema.Steps);

    public Task<string> StoreAsync(AuthenticationTicket ticket) => StoreAsync(ticket, CancellationToken.None);

    public async Task<string> StoreAsync(AuthenticationTicket ticket, CancellationToken cancellationToken)
    {
        var key = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));
        var id = SessionId(key);
        var identity = ticket.Principal.Identities.First();
        identity.AddClaim(new Claim(GuiClaims.Session, id));
        var now = clock.GetUtcNow();
        await using var connection = await OpenAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM gui_sessions WHERE expires_at < @now", new { now = now.ToUnixTimeMilliseconds() }, cancellationToken: cancellationToken));
        await connection.ExecuteAsync(new CommandDefinition("""
            INSERT INTO gui_sessions (id, root, username, access_key, ticket, created_at, expires_at)
            VALUES (@id, @root, @user, @key, @ticket, @now, @expires)
            """, new
        {
            id,
            root = identity.FindFirst(GuiClaims.Root)?.Value ?? "",
            user = identity.FindFirst(GuiClaims.User)?.Value ?? "",
            key = identity.FindFirst(GuiClaims.AccessKey)?.Value ?? "",
            ticket = Serialize(ticket),
            now = now.ToUnixTimeMilliseconds(),
            expires = Expiry(ticket, now),
        }, cancellationToken: cancellationToken));
        return key;
    }

    public Task RenewAsync(string key, AuthenticationTicket ticket) => RenewAsync(key, ticket, CancellationToken.None);

    public async Task RenewAsync(string key, AuthenticationTicket ticket, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE gui_sessions SET ticket = @ticket, expires_at = @expires WHERE id = @id",
            new { id = SessionId(key), ticket = Serialize(ticket), expires = Expiry(ticket, clock.GetUtcNow()) }, cancellationToken: cancellationToken));
    }

    public Task<AuthenticationTicket?> RetrieveAsync(string key) => RetrieveAsync(key, CancellationToken.None);

    public async Task<AuthenticationTicket?> RetrieveAsync(string key, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        var ticket = await connection.QuerySingleOrDefaultAsync<string>(new CommandDefinition(
            "SELECT ticket FROM gui_sessions WHERE id = @id AND expires_at > @now",
            new { id = SessionId(key), now = clock.GetUtcNow().ToUnixTimeMilliseconds() }, cancellationToken: cancellationToken));
        return ticket is null ? null : TicketSerializer.Default.Deserialize(Convert.FromBase64String(ticket));
    }

    public Task RemoveAsync(string key) => RemoveAsync(key, CancellationToken.None);

    public async Task RemoveAsync(string key, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM gui_sessions WHERE id = @id", new { id = SessionId(key) }, cancellationToken: cancellationToken));
    }

    /// <summary>True while the session (the <see cref="GuiClaims.Session"/> claim) has been neither signed out nor expired.</summary>
    public async Task<bool> IsActiveAsync(string sessionId, CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct);
        return await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            "SELECT COUNT(*) FROM gui_sessions WHERE id = @id AND expires_at > @now",
            new { id = sessionId, now = clock.GetUtcNow().ToUnixTimeMilliseconds() }, cancellationToken: ct)) > 0;
    }

    private static string SessionId(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));

    private static string Serialize(AuthenticationTicket ticket) => Convert.ToBase64String(TicketSerializer.Default.Serialize(ticket));

    private static long Expiry(AuthenticationTicket ticket, DateTimeOffset now) =>
        (ticket.Properties.ExpiresUtc ?? now + GuiAuthentication.SessionLifetime).ToUnixTimeMilliseconds();

    private Task<System.Data.Common.DbConnection> OpenAsync(CancellationToken ct) => _schema.OpenAsync(ct);
}
