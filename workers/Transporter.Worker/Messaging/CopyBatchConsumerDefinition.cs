using MassTransit;
using Microsoft.Extensions.Options;
using Transporter.Core.Configuration;

namespace Transporter.Worker.Messaging;

/// <summary>
/// The copy queue: a few batches per process at once (objects inside a batch run concurrently too) and no more
/// prefetched than that, so the batches of a run spread over every worker and a killed worker holds few deliveries
/// (the broker hands its unacknowledged ones to the others). Faults outside the objects (the database or the broker
/// away) are retried with backoff for about five minutes; a batch that still faults is published again by its run's
/// lister once its lease expires, so nothing depends on the _error queue.
/// </summary>
public sealed class CopyBatchConsumerDefinition : ConsumerDefinition<CopyBatchConsumer>
{
    public CopyBatchConsumerDefinition(IOptions<TransporterOptions> options)
    {
        EndpointName = "transporter-copy-batches";
        var limit = options.Value.BatchConcurrency;
        ConcurrentMessageLimit = limit;
        Endpoint(e =>
        {
            e.ConcurrentMessageLimit = limit;
            e.PrefetchCount = limit;
        });
    }

    protected override void ConfigureConsumer(IReceiveEndpointConfigurator endpointConfigurator,
        IConsumerConfigurator<CopyBatchConsumer> consumerConfigurator, IRegistrationContext context)
    {
        endpointConfigurator.UseMessageRetry(r => r.Exponential(12, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(2)));
    }
}
