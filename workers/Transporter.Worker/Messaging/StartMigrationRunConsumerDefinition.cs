using MassTransit;

namespace Transporter.Worker.Messaging;

/// <summary>Run starts only wake a lister loop: cheap, so one delivery at a time and a small prefetch.</summary>
public sealed class StartMigrationRunConsumerDefinition : ConsumerDefinition<StartMigrationRunConsumer>
{
    public StartMigrationRunConsumerDefinition()
    {
        EndpointName = "transporter-start-runs";
        Endpoint(e => e.PrefetchCount = 4);
    }
}
