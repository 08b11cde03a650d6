namespace Transporter.Api.Gui.Services;

/// <summary>The outcome of a GUI action: done (with a confirmation to show) or refused (with the reason).</summary>
public sealed record ActionOutcome(bool Succeeded, string Message)
{
    public static ActionOutcome Done(string message) => new(true, message);

    public static ActionOutcome Refused(string message) => new(false, message);
}
