namespace Transporter.Api.Migrations.Commands;

/// <summary>
/// The outcome of a command on a migration, decided once for the REST API and the GUI. <see cref="Message"/> says why
/// a command was not carried out (both surfaces show it as it is), or adds a note to a <see cref="CommandStatus.Done"/>.
/// </summary>
public sealed record CommandOutcome(CommandStatus Status, string? Message = null)
{
    public static readonly CommandOutcome Done = new(CommandStatus.Done);

    public bool Succeeded => Status == CommandStatus.Done;

    public static CommandOutcome DoneWithNote(string note) => new(CommandStatus.Done, note);

    public static CommandOutcome NotFound(Guid migrationId) => new(CommandStatus.NotFound, $"migration {migrationId} does not exist");

    public static CommandOutcome Refused(string reason) => new(CommandStatus.Refused, reason);

    public static CommandOutcome Conflict(string reason) => new(CommandStatus.Conflict, reason);
}
