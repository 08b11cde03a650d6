using Transporter.Core.IO;
using Transporter.Core.Storage;

namespace Transporter.Worker.Tests.Copying;

/// <summary>
/// Fault injector in front of a real store: everything goes to the store, except the faults a test switches on —
/// downloads that break or corrupt a byte, writes that fail after some bytes, a destination that ignores the
/// Content-MD5 it is given, a cancellation once some part bytes were sent. It also counts what it saw.
/// </summary>
public sealed class FaultInjectingObjectStore(IObjectStore inner) : IObjectStore
{
    public IObjectStore Inner => inner;

    /// <summary>Downloads throw an IOException (a reset connection) after this many bytes...</summary>
    public long BreakReadsAfter { get; set; } = -1;

    /// <summary>...this many times.</summary>
    public int ReadBreaksLeft { get; set; }

    /// <summary>Every download returns byte <c>n</c> of its content with its bits flipped (-1: none).</summary>
    public long CorruptByteAt { get; set; } = -1;

    /// <summary>Writes and parts fail with an error of <see cref="WriteFailureKind"/> after reading this many bytes...</summary>
    public long FailWritesAfter { get; set; } = -1;

    /// <summary>...this many times.</summary>
    public int WriteFailuresLeft { get; set; }

    public ObjectStoreErrorKind WriteFailureKind { get; set; } = ObjectStoreErrorKind.Transient;

    /// <summary>Writes drop the Content-MD5 of the request, as a store that does not verify it would.</summary>
    public bool IgnoreContentMd5 { get; set; }

    /// <summary>Deletes go to this store instead (e.g. the same bucket opened with other credentials).</summary>
    public IObjectStore? DeleteThrough { get; set; }

    /// <summary>Cancelled once the parts sent have read this many bytes in all.</summary>
    public (CancellationTokenSource Source, long AfterBytes)? CancelDuringParts { get; set; }

    private long _partBytes;
    private int _downloads, _stats, _tagReads, _writes, _uploadsStarted, _uploadsAborted, _partsSent, _uploadsResumed;

    /// <summary>The last write (or upload) request that reached the store.</summary>
    public ObjectWriteRequest? LastRequest { get; private set; }

    public int Downloads => _downloads;
    public int Stats => _stats;
    public int TagReads => _tagReads;
    public int Writes => _writes;
    public int UploadsStarted => _uploadsStarted;
    public int UploadsAborted => _uploadsAborted;
    public int PartsSent => _partsSent;

    /// <summary>Bytes the parts sent through this store read from their content, in all.</summary>
    public long PartBytes => Interlocked.Read(ref _partBytes);

    public int UploadsResumed => _uploadsResumed;

    public string Bucket => inner.Bucket;
    public ObjectStoreCapabilities Capabilities => inner.Capabilities;

    /// <summary>Listings after the first <see cref="UngatedLists"/> wait for this task before their first object.</summary>
    public Task? ListGate { get; set; }

    public int UngatedLists { get; set; }

    /// <summary>Writes (and parts) wait for this task before reaching the store.</summary>
    public Task? WriteGate { get; set; }

    private int _lists;

    public async IAsyncEnumerable<ObjectSummary> ListAsync(string prefix, string? startAfter,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        if (Interlocked.Increment(ref _lists) > UngatedLists && ListGate is { } gate) await gate.WaitAsync(ct);
        await foreach (var item in inner.ListAsync(prefix, startAfter, ct).WithCancellation(ct)) yield return item;
    }

    public Task<ObjectMetadata?> StatAsync(string key, CancellationToken ct)
    {
        Interlocked.Increment(ref _stats);
        return inner.StatAsync(key, ct);
    }

    /// <summary>Downloads after the first <see cref="UngatedReads"/> wait for this task before reaching the store (a copy
    /// held between its listing, or its first part, and its read)...</summary>
    public Task? ReadGate { get; set; }

    public int UngatedReads { get; set; }

    /// <summary>...and complete this when they start waiting.</summary>
    public TaskCompletionSource? ReadHeld { get; set; }

    /// <summary>The version conditions the downloads asked for, in order.</summary>
    public System.Collections.Concurrent.ConcurrentQueue<ExpectedVersion?> ReadConditions { get; } = new();

    public async Task<ObjectDownload> OpenReadAsync(string key, ByteRange? range, ExpectedVersion? ifMatch, CancellationToken ct)
    {
        if (Interlocked.Increment(ref _downloads) > UngatedReads && ReadGate is { } gate)
        {
            ReadHeld?.TrySetResult();
            await gate.WaitAsync(ct);
        }
        ReadConditions.Enqueue(ifMatch);
        var download = await inner.OpenReadAsync(key, range, ifMatch, ct);
        if (BreakReadsAfter < 0 && CorruptByteAt < 0) return download;
        var faulty = new FaultyStream(download.Content, BreakReadsAfter, CorruptByteAt, _ => { }, TakeReadBreak, ownsInner: true);
        return new ObjectDownload(download.Metadata, faulty, download.ContentLength);
    }

    public Task<IReadOnlyDictionary<string, string>> GetTagsAsync(string key, CancellationToken ct)
    {
        Interlocked.Increment(ref _tagReads);
        return inner.GetTagsAsync(key, ct);
    }

    public async Task<ObjectWriteResult> WriteAsync(ObjectWriteRequest request, Stream content, CancellationToken ct)
    {
        if (WriteGate is { } gate) await gate.WaitAsync(ct);
        return await WriteThroughAsync(request, content, ct);
    }

    private Task<ObjectWriteResult> WriteThroughAsync(ObjectWriteRequest request, Stream content, CancellationToken ct)
    {
        Interlocked.Increment(ref _writes);
        if (IgnoreContentMd5) request = request with { ContentMd5 = null };
        LastRequest = request;
        return TakeWriteFailure() is { } failAfter ? FailAfterAsync<ObjectWriteResult>(content, failAfter, ct) : inner.WriteAsync(request, content, ct);
    }

    public async Task<IMultipartUpload> StartMultipartAsync(ObjectWriteRequest request, CancellationToken ct)
    {
        Interlocked.Increment(ref _uploadsStarted);
        LastRequest = request;
        return new Upload(this, await inner.StartMultipartAsync(request, ct));
    }

    public async Task<IMultipartUpload> ResumeMultipartAsync(ObjectWriteRequest request, string uploadId, CancellationToken ct)
    {
        Interlocked.Increment(ref _uploadsResumed);
        LastRequest = request;
        return new Upload(this, await inner.ResumeMultipartAsync(request, uploadId, ct));
    }

    public bool CanCopyFrom(IObjectStore source) => inner.CanCopyFrom(Unwrap(source));

    public Task<ObjectWriteResult> CopyFromAsync(IObjectStore source, ObjectMetadata sourceObject, ObjectWriteRequest request, CancellationToken ct)
    {
        LastRequest = request;
        return inner.CopyFromAsync(Unwrap(source), sourceObject, request, ct);
    }

    public Task DeleteAsync(string key, CancellationToken ct) => (DeleteThrough ?? inner).DeleteAsync(key, ct);

    public ValueTask DisposeAsync() => inner.DisposeAsync();

    private static IObjectStore Unwrap(IObjectStore store) => store is FaultInjectingObjectStore faulty ? faulty.Inner : store;

    /// <summary>A download breaks when it reaches the break point while breaks are left.</summary>
    private bool TakeReadBreak()
    {
        lock (this)
        {
            if (ReadBreaksLeft <= 0) return false;
            ReadBreaksLeft--;
            return true;
        }
    }

    private long? TakeWriteFailure()
    {
        lock (this)
        {
            if (FailWritesAfter < 0 || WriteFailuresLeft <= 0) return null;
            WriteFailuresLeft--;
            return FailWritesAfter;
        }
    }

    /// <summary>Reads part of the content as a store would while sending, then fails as its connection did.</summary>
    private async Task<T> FailAfterAsync<T>(Stream content, long bytes, CancellationToken ct)
    {
        var buffer = new byte[64 * 1024];
        long read = 0;
        while (read < bytes)
        {
            var n = await content.ReadAsync(buffer.AsMemory(0, (int)Math.Min(buffer.Length, bytes - read)), ct);
            if (n == 0) break;
            read += n;
        }
        throw new ObjectStoreException(WriteFailureKind, "InjectedFailure", $"the write failed after {read} bytes (injected)");
    }

    private sealed class Upload(FaultInjectingObjectStore store, IMultipartUpload inner) : IMultipartUpload
    {
        public string UploadId => inner.UploadId;

        public Task<IReadOnlyList<UploadedPart>> ListPartsAsync(CancellationToken ct) => inner.ListPartsAsync(ct);

        public Task<UploadedPart> UploadPartAsync(int partNumber, Stream content, long length, CancellationToken ct)
        {
            Interlocked.Increment(ref store._partsSent);
            if (store.TakeWriteFailure() is { } failAfter) return store.FailAfterAsync<UploadedPart>(content, failAfter, ct);
            var cancel = store.CancelDuringParts;
            content = new FaultyStream(content, -1, -1, n =>
            {
                if (Interlocked.Add(ref store._partBytes, n) >= cancel?.AfterBytes) cancel.Value.Source.Cancel();
            }, () => false, ownsInner: false);
            return inner.UploadPartAsync(partNumber, content, length, ct);
        }

        public Task<ObjectWriteResult> CompleteAsync(IReadOnlyList<UploadedPart> parts, CancellationToken ct) => inner.CompleteAsync(parts, ct);

        public Task AbortAsync(CancellationToken ct)
        {
            Interlocked.Increment(ref store._uploadsAborted);
            return inner.AbortAsync(ct);
        }

        public ValueTask DisposeAsync() => inner.DisposeAsync();
    }

    /// <summary>Passes the inner stream through, flipping byte <c>corruptAt</c>, and breaking after <c>breakAfter</c>
    /// bytes when <c>shouldBreak</c> says so at that point.</summary>
    private sealed class FaultyStream(Stream inner, long breakAfter, long corruptAt, Action<int> onRead, Func<bool> shouldBreak, bool ownsInner) : ReadOnlyStream
    {
        private long _position;
        private bool _passedBreak;

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken ct = default)
        {
            if (breakAfter >= 0 && !_passedBreak)
            {
                if (_position >= breakAfter)
                {
                    if (shouldBreak()) throw new IOException("connection reset by peer (injected)");
                    _passedBreak = true;
                }
                else buffer = buffer[..(int)Math.Min(buffer.Length, breakAfter - _position)];
            }
            var n = await inner.ReadAsync(buffer, ct);
            if (corruptAt >= _position && corruptAt < _position + n) buffer.Span[(int)(corruptAt - _position)] ^= 0xFF;
            _position += n;
            onRead(n);
            return n;
        }

        public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();
        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken ct) => ReadAsync(buffer.AsMemory(offset, count), ct).AsTask();
        public override long Length => inner.Length;
        public override long Position { get => _position; set => throw new NotSupportedException(); }

        protected override void Dispose(bool disposing)
        {
            if (disposing && ownsInner) inner.Dispose();
            base.Dispose(disposing);
        }

        public override async ValueTask DisposeAsync()
        {
            if (ownsInner) await inner.DisposeAsync();
            await base.DisposeAsync();
        }
    }
}
