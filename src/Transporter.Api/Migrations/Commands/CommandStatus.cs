namespace Transporter.Api.Migrations.Commands;

/// <summary>How a command on a migration ended; each surface turns it into its own answer (HTTP status, GUI message).</summary>
public enum CommandStatus
{
    /// <summary>Carried out (or, where the spec says so, accepted with nothing left to do).</summary>
    Done,

    /// <summary>No such migration, or not the caller's: the two look alike.</summary>
    NotFound,

    /// <summary>Refused because of the request or the migration's state (the API's 400).</summary>
    Refused,

    /// <summary>Refused because the same thing is already under way (the API's 409).</summary>
    Conflict,
}
