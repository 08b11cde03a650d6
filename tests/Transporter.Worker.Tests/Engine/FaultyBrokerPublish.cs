using System.Reflection;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Transporter.Core.Messaging;
using Transporter.Worker.Orchestration;

namespace Transporter.Worker.Tests.Engine;

/// <summary>What the test double does with one CopyBatchReady publish.</summary>
public enum PublishFault
{
    /// <summary>Published.</summary>
    None,
    /// <summary>Reported as published but never delivered: a message lost with the broker.</summary>
    Lose,
    /// <summary>Never returns, whatever its cancellation token says: a publish waiting for RabbitMQ to reconnect
    /// (MassTransit issues #1760, #2722).</summary>
    Hang,
}

/// <summary>
/// Test double of the bus's publish side: forwards every publish to the real in-memory bus, except the CopyBatchReady
/// messages for which <see cref="Decide"/> returns a fault.
/// </summary>
public class FaultyBrokerPublish : DispatchProxy
{
    private IPublishEndpoint _inner = null!;

    public Func<CopyBatchReady, PublishFault> Decide { get; set; } = _ => PublishFault.None;

    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
    {
        if (args is { Length: > 0 } && args[0] is CopyBatchReady batch && targetMethod!.ReturnType == typeof(Task))
            switch (Decide(batch))
            {
                case PublishFault.Lose: return Task.CompletedTask;
                case PublishFault.Hang: return new TaskCompletionSource().Task;
            }
        try
        {
            return targetMethod!.Invoke(_inner, args);
        }
        catch (TargetInvocationException e) when (e.InnerException is not null)
        {
            throw e.InnerException;
        }
    }

    /// <summary>Makes the engine's <see cref="BatchPublisher"/> publish through a new double, and returns it.</summary>
    public static FaultyBrokerPublish Install(IServiceCollection services)
    {
        var endpoint = DispatchProxy.Create<IPublishEndpoint, FaultyBrokerPublish>();
        var proxy = (FaultyBrokerPublish)(object)endpoint;
        foreach (var descriptor in services.Where(d => d.ServiceType == typeof(BatchPublisher)).ToList()) services.Remove(descriptor);
        services.AddSingleton(sp =>
        {
            proxy._inner = sp.GetRequiredService<IPublishEndpoint>();
            return new BatchPublisher(endpoint, sp.GetRequiredService<ILogger<BatchPublisher>>());
        });
        return proxy;
    }
}
