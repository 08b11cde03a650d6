using MassTransit;
using Microsoft.Extensions.Options;
using Transporter.Worker.Hosting;

namespace Transporter.Worker.Messaging;

/// <summary>The copy queue: a few batches per process at once (objects inside a batch run concurrently too), and
/// retries for faults outside the objects (database busy, broker hiccups).</summary>
public sealed class CopyBatchConsumerDefinition : ConsumerDefinition<CopyBatchConsumer>
{
    public CopyBatchConsumerDefinition(IOptions<MigrationEngineOptions> options)
    {
        EndpointName = "transporter-copy-batches";
        ConcurrentMessageLimit = options.Value.BatchConcurrency;
    }

    protected override void ConfigureConsumer(IReceiveEndpointConfigurator endpointConfigurator,
        IConsumerConfigurator<CopyBatchConsumer> consumerConfigurator, IRegistrationContext context)
    {
        endpointConfigurator.UseMessageRetry(r => r.Intervals(500, 2000, 5000));
    }
}
