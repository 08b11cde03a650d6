using Transporter.Api.Migrations.Commands;

namespace Transporter.Api.Gui.Services;

/// <summary>The outcome of a GUI action: done (with a confirmation to show) or refused (with the reason).</summary>
public sealed record ActionOutcome(bool Succeeded, string Message)
{
    public static ActionOutcome Done(string message) => new(true, message);

    public static ActionOutcome Refused(string message) => new(false, message);

    /// <summary>What the GUI shows for a command's outcome: the command's own note or reason where it has one, else
    /// <paramref name="confirmation"/>; a migration that is not the user's looks as if it did not exist.</summary>
    public static ActionOutcome From(CommandOutcome outcome, string confirmation) => outcome.Status switch
    {
        CommandStatus.Done => Done(outcome.Message ?? confirmation),
        CommandStatus.NotFound => Refused("This migration does not exist (or is not yours)."),
        _ => Refused(outcome.Message!),
    };
}
