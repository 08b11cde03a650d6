namespace Transporter.Api.Notifications;

/// <summary>The "event" values of a migration's notifications that Transporter sends mail for.</summary>
public static class NotificationEvents
{
    public const string ReportsReady = "reports ready";
    public const string ReportsFailed = "reports failed";

    /// <summary>The only carrier: email.</summary>
    public const string Email = "email";
}
