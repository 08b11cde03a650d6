namespace Transporter.Store.Billing;

/// <summary>One root's day: transfer totals and the used space and object count last seen that day.</summary>
internal sealed record BillingDay(DateTimeOffset Date, long UploadBytes, long DownloadBytes, long DeleteBytes, long UsedSpace, long ObjectCount);
