using MassTransit;

namespace Transporter.Worker.Messaging;

public sealed class StartMigrationRunConsumerDefinition : ConsumerDefinition<StartMigrationRunConsumer>
{
    public StartMigrationRunConsumerDefinition()
    {
        EndpointName = "transporter-start-runs";
    }
}
