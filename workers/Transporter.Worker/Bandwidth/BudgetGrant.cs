namespace Transporter.Worker.Bandwidth;

/// <summary>What the shared budget of a migration gave: <see cref="Bytes"/> (all that was asked, or 0 while the budget
/// is in debt) and, when 0, how long until the debt is paid.</summary>
public readonly record struct BudgetGrant(long Bytes, TimeSpan RetryAfter);
