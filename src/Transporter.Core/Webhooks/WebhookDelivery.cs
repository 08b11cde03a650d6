namespace Transporter.Core.Webhooks;

/// <summary>One delivery due to be sent: the body (fixed at the event) to POST to webhook <see cref="Webhook"/> of the
/// migration, and how many attempts were made before.</summary>
public sealed record WebhookDelivery(string Id, Guid MigrationId, int Webhook, string Event, string Body, int Attempts);
