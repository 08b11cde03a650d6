namespace Transporter.Core.Webhooks;

/// <summary>Where a delivery stands (webhook_deliveries.status).</summary>
public static class WebhookDeliveryStatus
{
    public const string Pending = "pending";
    public const string Delivered = "delivered";

    /// <summary>Every attempt failed; the run's errors say so.</summary>
    public const string Failed = "failed";
}
