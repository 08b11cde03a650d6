namespace Transporter.Identity.Signatures.Payload;

/// <summary>
/// The raw request body, held to its Content-Length: a body that ends early throws IncompleteBody instead of looking
/// like a short object. A body the server could not finish reading (Kestrel's "unexpected end of request content"
/// is an <see cref="IOException"/>) and a connection reset mid-body are the same failure.
/// </summary>
internal sealed class AnnouncedLengthStream(Stream inner, long? announced) : AsyncReadOnlyStream
{
    private long _read;

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        int n;
        try
        {
            n = await inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
        }
        catch (IOException e)
        {
            // The client reset the connection mid-body: for whoever reads this stream it is a body that ended early.
            throw new RequestAuthenticationException(AuthFailureKind.IncompleteBody, $"The request body broke off after {_read} bytes: {e.Message}", e);
        }
        _read += n;
        if (n == 0 && buffer.Length > 0 && announced is long expected && _read < expected)
            throw new RequestAuthenticationException(AuthFailureKind.IncompleteBody,
                $"The request body ended after {_read} of the {expected} bytes announced by Content-Length.");
        return n;
    }
}
