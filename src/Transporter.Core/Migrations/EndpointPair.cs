using Transporter.Core.Endpoints;

namespace Transporter.Core.Migrations;

/// <summary>A migration's two endpoints with their credentials, and the secrets of its webhooks (index-aligned with
/// <see cref="MigrationControls.Webhooks"/>): stored only encrypted, decrypted only by the process that opens the stores
/// or signs deliveries, never logged or returned.</summary>
public sealed record EndpointPair(EndpointConfig Source, EndpointConfig Destination)
{
    public IReadOnlyList<string>? WebhookSecrets { get; init; }

    public override string ToString() => "EndpointPair { credentials hidden }";
}
