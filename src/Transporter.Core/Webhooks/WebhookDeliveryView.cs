namespace Transporter.Core.Webhooks;

/// <summary>A delivery as the GUI lists it (never with its body or secret).</summary>
public sealed record WebhookDeliveryView(string Event, string Url, string Status, int Attempts, string LastError, DateTimeOffset CreatedAt,
    DateTimeOffset? DeliveredAt);
