namespace Transporter.Core.Migrations;

/// <summary>Who asks about migrations: a user of a root. A root user sees every migration of the root; another user
/// sees only the migrations it created. Nobody sees another root's migrations.</summary>
public sealed record MigrationOwner(string Root, string UserName, bool IsRootUser);
