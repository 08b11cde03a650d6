namespace Transporter.EndToEnd.Tests.Cloud;

/// <summary>The fields of one object's report row that the cloud scenarios check (columns of object_reports).</summary>
public sealed class ReportRow
{
    public string ObjectKey { get; set; } = "";
    public bool Succeeded { get; set; }
    public long BytesCopied { get; set; }
    public string SourceETag { get; set; } = "";
    public string DestinationETag { get; set; } = "";
    public bool TagsCopied { get; set; }
    public bool UserMetadataCopied { get; set; }
    public bool SystemMetadataCopied { get; set; }
}
