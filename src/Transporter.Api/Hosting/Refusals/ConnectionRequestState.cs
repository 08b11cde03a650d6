using System.Buffers;
using Microsoft.AspNetCore.Connections.Features;

namespace Transporter.Api.Hosting.Refusals;

/// <summary>
/// What the application's first middleware tells the connection layer about one connection: whether a request is with the application
/// (from the pipeline's entry until its response completed). Bytes Kestrel writes at any other moment are Kestrel's
/// own refusal of a request the application never saw. Also keeps the start of the last request head read, to name
/// the refusal's reason.
/// </summary>
internal sealed class ConnectionRequestState
{
    private const string ItemKey = "transporter.connection-state";
    private const int MaxHeadSnapshot = 2048;

    private volatile bool _inApplication;
    // One buffer per connection, reused for every request head: a copy per request was a measurable share of a small
    // GET's cost. Only the connection's own reads write it, and it is read when Kestrel refuses a request on it.
    private byte[]? _head;
    private int _headLength;

    public bool InApplication => _inApplication;

    /// <summary>The first bytes of the last request head read while no request was with the application.</summary>
    public ReadOnlySpan<byte> LastRequestHead => _head.AsSpan(0, _headLength);

    public void Attach(IDictionary<object, object?> connectionItems) => connectionItems[ItemKey] = this;

    /// <summary>Called by the first middleware at the start of each request.</summary>
    public static void EnterApplication(HttpContext context)
    {
        var items = context.Features.Get<IConnectionItemsFeature>()?.Items;
        if (items is null || !items.TryGetValue(ItemKey, out var value) || value is not ConnectionRequestState state) return;
        state._inApplication = true;
        context.Response.OnCompleted(static s =>
        {
            ((ConnectionRequestState)s)._inApplication = false;
            return Task.CompletedTask;
        }, state);
    }

    /// <summary>Remembers the start of a request head (a buffer beginning with a method token) read between requests.</summary>
    public void ObserveInput(ReadOnlySequence<byte> buffer)
    {
        if (_inApplication || buffer.IsEmpty) return;
        var first = buffer.FirstSpan;
        if (first.Length == 0 || first[0] is < (byte)'A' or > (byte)'Z') return;
        var length = (int)Math.Min(buffer.Length, MaxHeadSnapshot);
        _head ??= new byte[MaxHeadSnapshot];
        buffer.Slice(0, length).CopyTo(_head);
        _headLength = length;
    }
}
