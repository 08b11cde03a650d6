using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Transporter.Core.Configuration;

namespace Transporter.Worker.Messaging;

/// <summary>
/// The one bus set-up, shared by the API process and the worker executable: MassTransit's in-memory transport when
/// TRANSPORTER_BROKER_URL is unset (the embedded default), RabbitMQ otherwise (amqp://user:password@host:5672/vhost).
/// Only what works on both is used: publish/consume, consumer definitions with concurrency and prefetch limits, retry.
/// Message types live in Transporter.Core.Messaging.
/// </summary>
/// <remarks>
/// On RabbitMQ, queues are durable and publishes wait for the broker's confirmation, so a broker restart loses no
/// message; MassTransit reconnects by itself, and heartbeats every 10 s notice a broker that vanished without closing
/// the connection. Processes without the worker role (the API) only publish: they declare no queue of their own
/// besides MassTransit's temporary bus endpoint.
/// </remarks>
public static class TransporterBus
{
    /// <param name="consumers">True in processes with the worker role: they consume copy batches and run starts.</param>
    public static IServiceCollection AddTransporterBus(this IServiceCollection services, TransporterOptions options, bool consumers)
    {
        services.AddMassTransit(bus =>
        {
            if (consumers)
            {
                bus.AddConsumer<CopyBatchConsumer, CopyBatchConsumerDefinition>();
                bus.AddConsumer<StartMigrationRunConsumer, StartMigrationRunConsumerDefinition>();
            }
            if (string.IsNullOrWhiteSpace(options.BrokerUrl))
            {
                bus.UsingInMemory((context, cfg) => cfg.ConfigureEndpoints(context));
                return;
            }
            var broker = new Uri(options.BrokerUrl);
            bus.UsingRabbitMq((context, cfg) =>
            {
                cfg.Host(broker, host =>
                {
                    var user = broker.UserInfo.Split(':', 2);
                    if (user[0].Length > 0) host.Username(Uri.UnescapeDataString(user[0]));
                    if (user.Length > 1) host.Password(Uri.UnescapeDataString(user[1]));
                    host.Heartbeat(TimeSpan.FromSeconds(10));
                    host.RequestedConnectionTimeout(TimeSpan.FromSeconds(10));
                });
                cfg.ConfigureEndpoints(context);
            });
        });
        return services;
    }
}
