using Transporter.Core.Endpoints;

namespace Transporter.Core.Migrations;

/// <summary>A migration's two endpoints with their credentials: stored only encrypted, decrypted only by the process
/// that opens the stores, never logged or returned.</summary>
public sealed record EndpointPair(EndpointConfig Source, EndpointConfig Destination)
{
    public override string ToString() => "EndpointPair { credentials hidden }";
}
