namespace Transporter.Identity.Customers;

/// <summary>A root's SAML connection settings: the identity provider's metadata as given, and when its signing
/// certificate (or the metadata's validUntil) ends.</summary>
public sealed record SamlConnection(string Root, string MetadataXml, DateTimeOffset? ExpiresAt, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);
