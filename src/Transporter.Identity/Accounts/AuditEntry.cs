namespace Transporter.Identity.Accounts;

/// <summary>One IAM or STS call in the audit log: who (root, user, key), what (service and action), from where, when,
/// and whether it was allowed (else the error code answered). Parameters are not kept: they may hold secrets.</summary>
public sealed record AuditEntry(
    string Root, string UserName, string AccessKeyId, string Service, string Action, string? SourceIp, bool Allowed, string? ErrorCode, DateTimeOffset At);
