namespace Transporter.Identity.Signatures.SigV4;

/// <summary>What verifying aws-chunked signatures needs: the request's signing key, timestamp, scope and its own
/// (seed) signature that starts the chain.</summary>
internal sealed record ChunkSigningContext(byte[] SigningKey, string AmzDate, string Scope, string SeedSignature);
