using MassTransit;
using Transporter.Core.Messaging;
using Transporter.Worker.Batches;

namespace Transporter.Worker.Messaging;

/// <summary>Copies the batch named by the message (<see cref="BatchWorker"/>). Acknowledged only after the batch's
/// outcome is committed; a delivery of a finished batch does nothing.</summary>
public sealed class CopyBatchConsumer(BatchWorker worker) : IConsumer<CopyBatchReady>
{
    public Task Consume(ConsumeContext<CopyBatchReady> context) => worker.CopyAsync(context.Message, context.CancellationToken);
}
