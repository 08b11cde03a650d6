using Transporter.Core.Persistence;

namespace Transporter.Api.Gui.Auth;

/// <summary>The GUI's sessions (component "gui"): one row per sign-in, found by the SHA-256 of the cookie's session key.</summary>
internal static class GuiSessionSchema
{
    public const string Component = "gui";

    public static readonly SchemaStep[] Steps =
    [
        new(1, _ => """
            CREATE TABLE IF NOT EXISTS gui_sessions (
                id TEXT PRIMARY KEY,
                root TEXT NOT NULL,
                username TEXT NOT NULL,
                access_key TEXT NOT NULL,
                ticket TEXT NOT NULL,
                created_at BIGINT NOT NULL,
                expires_at BIGINT NOT NULL
            );
            CREATE INDEX IF NOT EXISTS gui_sessions_by_expiry ON gui_sessions (expires_at);
            """),
    ];
}
