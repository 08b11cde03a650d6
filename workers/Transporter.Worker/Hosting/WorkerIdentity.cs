namespace Transporter.Worker.Hosting;

/// <summary>This process's name in lister and batch leases: unique per process start, readable in the database.</summary>
public sealed class WorkerIdentity
{
    public string Id { get; } = $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid().ToString("N")[..8]}";

    public override string ToString() => Id;
}
