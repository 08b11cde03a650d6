namespace Transporter.Api.Gui.Services;

/// <summary>The caller's policies refuse reading what a GUI page shows (transporter:ListMigrations, GetMigration, ListPlans,
/// GetPlan, GetStats, as the API refuses the same reads); the message is the API's refusal sentence, which the page shows
/// in place of the data (<see cref="Components.GuiPage.Refusal"/>).</summary>
public sealed class ReadRefusedException(string message) : Exception(message);
