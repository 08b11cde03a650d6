namespace Transporter.Core.Migrations;

/// <summary>One extraneous object's delete at the destination: <see cref="Error"/> null when it was deleted.</summary>
public sealed record DeletionOutcome(string Key, string? Error);
