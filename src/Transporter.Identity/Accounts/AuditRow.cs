namespace Transporter.Identity.Accounts;

/// <summary>A row of identity_audit.</summary>
internal sealed class AuditRow
{
    public string Root { get; set; } = "";
    public string UserName { get; set; } = "";
    public string AccessKeyId { get; set; } = "";
    public string Service { get; set; } = "";
    public string Action { get; set; } = "";
    public string? SourceIp { get; set; }
    public bool Allowed { get; set; }
    public string? ErrorCode { get; set; }
    public long At { get; set; }
}
