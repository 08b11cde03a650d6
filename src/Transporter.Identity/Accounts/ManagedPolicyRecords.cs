namespace Transporter.Identity.Accounts;

/// <summary>A managed policy of a root (IAM's customer managed policy), as IAM's GetPolicy and ListPolicies show it.</summary>
public sealed record ManagedPolicyInfo(
    string Root, string Name, string Id, string Path, string Description, string DefaultVersionId, int AttachmentCount,
    DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);

/// <summary>One version of a managed policy; <see cref="Document"/> is the JSON exactly as it was given.</summary>
public sealed record PolicyVersionInfo(string VersionId, string Document, bool IsDefaultVersion, DateTimeOffset CreatedAt);
