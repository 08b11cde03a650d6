using Dapper;

namespace Transporter.Identity.Accounts;

public sealed partial class IdentityStore
{
    /// <summary>The user's profile (its defaults when none was set); NotFound for an unknown user.</summary>
    public async Task<UserProfile> GetProfileAsync(string root, string userName, CancellationToken ct = default)
    {
        var user = await GetUserAsync(root, userName, ct).ConfigureAwait(false)
                   ?? throw new IdentityException(IdentityErrorKind.NotFound, $"The user with name {userName} cannot be found.");
        await using var connection = await OpenAsync(ct).ConfigureAwait(false);
        var row = await connection.QuerySingleOrDefaultAsync<ProfileRow>(new CommandDefinition("""
            SELECT first_name AS FirstName, last_name AS LastName, user_type AS UserType, auth_method AS AuthMethod
            FROM identity_user_profiles WHERE root_name = @root AND user_name = @userName
            """, new { root, userName }, cancellationToken: ct)).ConfigureAwait(false);
        var fallback = UserProfile.Default(user.IsRoot);
        return row is null ? fallback : new UserProfile(row.FirstName, row.LastName, user.IsRoot ? "root" : row.UserType ?? fallback.Type, row.AuthMethod);
    }

    /// <summary>Sets the given parts of a user's profile (null: unchanged). The root user's type is always "root", and
    /// no other user can be made one.</summary>
    public async Task SetProfileAsync(string root, string userName, string? firstName, string? lastName, string? type, string? authMethod,
        CancellationToken ct = default)
    {
        if (firstName is { Length: > 64 } || lastName is { Length: > 64 })
            throw new IdentityException(IdentityErrorKind.Invalid, "A first or last name is at most 64 characters.");
        if (type is not null && !UserProfile.Types.Contains(type))
            throw new IdentityException(IdentityErrorKind.Invalid, $"Type must be one of {string.Join(", ", UserProfile.Types)}.");
        if (authMethod is not null && !UserProfile.AuthMethods.Contains(authMethod))
            throw new IdentityException(IdentityErrorKind.Invalid, $"AuthMethod must be one of {string.Join(", ", UserProfile.AuthMethods)}.");
        var current = await GetProfileAsync(root, userName, ct).ConfigureAwait(false);
        var isRoot = (await GetUserAsync(root, userName, ct).ConfigureAwait(false))!.IsRoot;
        if (type is not null && (type == "root") != isRoot)
            throw new IdentityException(IdentityErrorKind.Invalid, isRoot ? "The root user's type is root." : "Only the root user is of type root.");
        var next = new UserProfile(firstName ?? current.FirstName, lastName ?? current.LastName, type ?? current.Type, authMethod ?? current.AuthMethod);
        await using var connection = await OpenAsync(ct).ConfigureAwait(false);
        await connection.ExecuteAsync(new CommandDefinition("""
            INSERT INTO identity_user_profiles (root_name, user_name, first_name, last_name, user_type, auth_method)
            VALUES (@root, @userName, @first, @last, @type, @method)
            ON CONFLICT (root_name, user_name) DO UPDATE SET first_name = excluded.first_name, last_name = excluded.last_name,
                user_type = excluded.user_type, auth_method = excluded.auth_method
            """, new { root, userName, first = next.FirstName, last = next.LastName, type = next.Type, method = next.AuthMethod },
            cancellationToken: ct)).ConfigureAwait(false);
    }

    private sealed record ProfileRow(string FirstName, string LastName, string? UserType, string AuthMethod);
}
