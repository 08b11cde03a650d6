namespace Transporter.Core.Plans;

/// <summary>A migration associated with a plan (the one it was made from, or one made from it): the spec's
/// {root, id} pair.</summary>
public sealed record AssociatedMigration(string Root, Guid Id);
