using MassTransit;
using Transporter.Core.Messaging;
using Transporter.Worker.Listing;

namespace Transporter.Worker.Messaging;

/// <summary>Wakes this process's lister loop, which claims the run if its lease is free. The listing itself never runs
/// inside a consumer (a broker cancels deliveries left unacknowledged for long).</summary>
public sealed class StartMigrationRunConsumer(RunListingService listers) : IConsumer<StartMigrationRun>
{
    public Task Consume(ConsumeContext<StartMigrationRun> context)
    {
        listers.Wake();
        return Task.CompletedTask;
    }
}
