using System.Buffers;
using System.Globalization;
using System.IO.Pipelines;
using System.Text;
using Transporter.Core.Hosting;

namespace Transporter.Api.Hosting.Refusals;

/// <summary>
/// The connection's output as Kestrel sees it. While a request is with the application, bytes pass straight through.
/// Bytes written at any other moment are Kestrel's own answer to a request it refused (431, 414, 400 ... with an
/// empty body and Connection: close): they are held, and a bodiless 4xx is replaced by the same refusal in the
/// listener's protocol (<see cref="IRefusalRenderer"/>: S3 error XML on the store's port, JSON on the API's), so
/// clients read a reason instead of an empty body.
/// </summary>
internal sealed class RefusalRewritingWriter(PipeWriter inner, ConnectionRequestState state, IRefusalRenderer renderer) : PipeWriter
{
    private static readonly byte[] HeadEnd = "\r\n\r\n"u8.ToArray();

    private ArrayBufferWriter<byte>? _held;
    private bool _holding;

    // What became of the bytes held since the application last had a request: replaced by S3 XML, or passed on.
    private bool _replaced;
    private bool _passing;

    public override Memory<byte> GetMemory(int sizeHint = 0) => Hold() ? _held!.GetMemory(sizeHint) : inner.GetMemory(sizeHint);

    public override Span<byte> GetSpan(int sizeHint = 0) => Hold() ? _held!.GetSpan(sizeHint) : inner.GetSpan(sizeHint);

    public override void Advance(int bytes)
    {
        // Decided by the GetMemory/GetSpan call this Advance belongs to.
        if (_holding) _held!.Advance(bytes);
        else inner.Advance(bytes);
    }

    public override async ValueTask<FlushResult> FlushAsync(CancellationToken cancellationToken = default)
    {
        if (_held is { WrittenCount: > 0 }) Release(force: false);
        return await inner.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    public override void Complete(Exception? exception = null)
    {
        if (_held is { WrittenCount: > 0 }) Release(force: true);
        inner.Complete(exception);
    }

    public override async ValueTask CompleteAsync(Exception? exception = null)
    {
        if (_held is { WrittenCount: > 0 }) Release(force: true);
        await inner.CompleteAsync(exception).ConfigureAwait(false);
    }

    public override void CancelPendingFlush() => inner.CancelPendingFlush();

    public override bool CanGetUnflushedBytes => inner.CanGetUnflushedBytes;

    public override long UnflushedBytes => inner.UnflushedBytes + (_held?.WrittenCount ?? 0);

    private bool Hold()
    {
        _holding = !state.InApplication;
        if (_holding) _held ??= new ArrayBufferWriter<byte>(512);
        else _replaced = _passing = false;
        return _holding;
    }

    /// <summary>Writes what was held: the refusal in the listener's protocol when it is one, else the bytes as they were.</summary>
    /// <param name="force">The connection's output ends: decide now even if the head is incomplete.</param>
    private void Release(bool force)
    {
        var held = _held!.WrittenSpan;
        if (_replaced)
        {
            // The refusal went out already; Kestrel's own version of it has no body to add.
            _held.ResetWrittenCount();
            return;
        }
        if (!_passing)
        {
            var end = held.IndexOf(HeadEnd);
            if (end < 0 && held.Length < 16 * 1024 && !force) return; // the head is not complete yet: keep holding
            if (end >= 0 && TryParseRefusal(held[..end], out var status))
            {
                inner.Write(renderer.Render(status, state.LastRequestHead));
                _replaced = true;
                _held.ResetWrittenCount();
                return;
            }
            _passing = true;
        }
        inner.Write(held);
        _held.ResetWrittenCount();
    }

    /// <summary>A 4xx status line whose headers announce no body.</summary>
    private static bool TryParseRefusal(ReadOnlySpan<byte> head, out int status)
    {
        status = 0;
        var text = Encoding.ASCII.GetString(head);
        if (!text.StartsWith("HTTP/1.", StringComparison.Ordinal) || text.Length < 12) return false;
        if (!int.TryParse(text.AsSpan(9, 3), NumberStyles.None, CultureInfo.InvariantCulture, out status)) return false;
        if (status is < 400 or > 499) return false;
        return text.Contains("\r\nContent-Length: 0", StringComparison.OrdinalIgnoreCase);
    }
}
