using System.Buffers;
using System.Globalization;
using System.IO.Pipelines;
using System.Text;
using Transporter.Store.Protocol.Errors;
using Transporter.Store.Protocol.Xml;

namespace Transporter.Store.Protocol.Connections;

/// <summary>
/// The connection's output as Kestrel sees it. While a request is with the application, bytes pass straight through.
/// Bytes written at any other moment are Kestrel's own answer to a request it refused (431, 414, 400 ... with an
/// empty body and Connection: close): they are held, and a bodiless 4xx is replaced by the same refusal as S3 error
/// XML, so S3 clients read a code instead of an empty body.
/// </summary>
internal sealed class RefusalRewritingWriter(PipeWriter inner, ConnectionRequestState state) : PipeWriter
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

    /// <summary>Writes what was held: the refusal as S3 error XML when it is one, else the bytes as they were.</summary>
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
                WriteS3Refusal(status, ReadDate(held[..end]));
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

    private static string? ReadDate(ReadOnlySpan<byte> head)
    {
        foreach (var line in Encoding.ASCII.GetString(head).Split("\r\n"))
            if (line.StartsWith("Date:", StringComparison.OrdinalIgnoreCase)) return line[5..].Trim();
        return null;
    }

    private void WriteS3Refusal(int kestrelStatus, string? date)
    {
        var (code, message) = RefusalClassifier.Classify(kestrelStatus, state.LastRequestHead);
        var entry = S3ErrorTable.Lookup(code);
        var requestId = RequestIds.Next();
        var body = new XmlResponse("Error", withNamespace: false)
            .Element("Code", code)
            .Element("Message", message ?? entry.Message)
            .Element("RequestId", requestId)
            .Element("HostId", RequestIds.HostId)
            .ToArray();
        var head = new StringBuilder()
            .Append(CultureInfo.InvariantCulture, $"HTTP/1.1 {entry.Status} {ReasonPhrase(entry.Status)}\r\n")
            .Append("Content-Type: application/xml\r\n")
            .Append(CultureInfo.InvariantCulture, $"Content-Length: {body.Length}\r\n")
            .Append("Connection: close\r\n")
            .Append(CultureInfo.InvariantCulture, $"Date: {date ?? DateTimeOffset.UtcNow.ToString("r", CultureInfo.InvariantCulture)}\r\n")
            .Append(CultureInfo.InvariantCulture, $"x-amz-request-id: {requestId}\r\n")
            .Append(CultureInfo.InvariantCulture, $"x-amz-id-2: {RequestIds.HostId}\r\n")
            .Append("\r\n");
        inner.Write(Encoding.ASCII.GetBytes(head.ToString()));
        inner.Write(body);
    }

    private static string ReasonPhrase(int status) =>
        Microsoft.AspNetCore.WebUtilities.ReasonPhrases.GetReasonPhrase(status) is { Length: > 0 } phrase ? phrase : "Error";
}
