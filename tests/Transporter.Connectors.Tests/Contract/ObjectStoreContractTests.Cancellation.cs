using System.Diagnostics;
using Transporter.Connectors.Tests.Streams;
using Transporter.Core.Storage;

namespace Transporter.Connectors.Tests.Contract;

/// <summary>
/// A stopping worker cancels its copies; an upload held back by the bandwidth limiter (its content stalls) must then end
/// at once with an <see cref="OperationCanceledException"/>, whatever the provider's own timeouts and retries.
/// </summary>
public abstract partial class ObjectStoreContractTests
{
    /// <summary>Far more than an upload needs to notice a cancellation, far less than any network timeout.</summary>
    private static readonly TimeSpan CancellationDeadline = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task A_write_whose_content_stalls_ends_promptly_when_cancelled()
    {
        var content = new StallingStream(head: 64 * 1024);
        using var cancel = new CancellationTokenSource();

        var write = Store.WriteAsync(new ObjectWriteRequest { Key = "stalled", Size = 1024 * 1024 }, content, cancel.Token);
        await content.Stalled.WaitAsync(CancellationDeadline);
        var elapsed = await CancelAndTimeAsync(write, cancel);

        Assert.True(elapsed < CancellationDeadline, $"the write ended {elapsed} after its cancellation");
        Assert.Null(await Store.StatAsync("stalled", Ct));
    }

    [Fact]
    public async Task A_part_upload_whose_content_stalls_ends_promptly_when_cancelled()
    {
        if (!Store.Capabilities.MultipartUpload) return;
        await using var upload = await Store.StartMultipartAsync(new ObjectWriteRequest { Key = "stalled-part", Size = 2L * 1024 * 1024 }, Ct);
        var content = new StallingStream(head: 64 * 1024);
        using var cancel = new CancellationTokenSource();

        var part = upload.UploadPartAsync(1, content, 1024 * 1024, cancel.Token);
        await content.Stalled.WaitAsync(CancellationDeadline);
        var elapsed = await CancelAndTimeAsync(part, cancel);

        Assert.True(elapsed < CancellationDeadline, $"the part upload ended {elapsed} after its cancellation");
        await upload.AbortAsync(Ct);
    }

    /// <summary>Cancels <paramref name="cancel"/> and returns how long <paramref name="operation"/> took to end with an
    /// <see cref="OperationCanceledException"/> (any other outcome fails the test).</summary>
    private static async Task<TimeSpan> CancelAndTimeAsync(Task operation, CancellationTokenSource cancel)
    {
        Assert.False(operation.IsCompleted, $"the operation ended before its content did: {operation.Exception?.GetBaseException().Message}");
        var clock = Stopwatch.StartNew();
        await cancel.CancelAsync();
        var ended = await Task.WhenAny(operation, Task.Delay(CancellationDeadline * 3));
        Assert.True(ended == operation, $"the operation had not ended {clock.Elapsed} after its cancellation");
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => operation);
        return clock.Elapsed;
    }
}
