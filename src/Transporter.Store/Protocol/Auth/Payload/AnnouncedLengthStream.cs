using Microsoft.AspNetCore.Http;
using Transporter.Store.Protocol.Errors;

namespace Transporter.Store.Protocol.Auth.Payload;

/// <summary>
/// The raw request body, held to its Content-Length: a body that ends early throws IncompleteBody instead of looking
/// like a short object. Kestrel's own "unexpected end of request content" and a connection reset mid-body are
/// translated to the same S3 error.
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
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status400BadRequest)
        {
            throw new S3Exception("IncompleteBody", inner: e);
        }
        catch (IOException e)
        {
            // The client reset the connection mid-body: for whoever reads this stream it is a body that ended early.
            throw new S3Exception("IncompleteBody", $"The request body broke off after {_read} bytes: {e.Message}", e);
        }
        _read += n;
        if (n == 0 && buffer.Length > 0 && announced is long expected && _read < expected)
            throw new S3Exception("IncompleteBody", $"The request body ended after {_read} of the {expected} bytes announced by Content-Length.");
        return n;
    }
}
