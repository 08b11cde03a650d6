namespace Transporter.Store.Protocol.Headers;

/// <summary>What conditional headers decide for a GET/HEAD: answer normally, 304 Not Modified or 412.</summary>
internal enum PreconditionOutcome
{
    Proceed,
    NotModified,
    PreconditionFailed,
}
