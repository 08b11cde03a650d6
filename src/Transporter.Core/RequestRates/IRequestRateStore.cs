namespace Transporter.Core.RequestRates;

/// <summary>
/// Where each endpoint's allowed request rate is kept and moved (<see cref="RequestRatePolicy"/>): in this process
/// (<see cref="InProcessRequestRateStore"/>, the embedded platform) or in the platform database, shared by every worker
/// (Transporter.Worker.RequestRates.SharedRequestRateStore on PostgreSQL), so the fleet backs off together. Rates are
/// requests per second; 0 means unlimited. Endpoints are named by <see cref="RequestRateRegistry.EndpointOf"/>. Every
/// call also tells the store that this process sends to the endpoint, and answers how many do
/// (<see cref="RequestRateShare.Senders"/>).
/// </summary>
public interface IRequestRateStore
{
    /// <summary>Halves the rate after a throttled answer, at most once per <see cref="RequestRatePolicy.DecreaseInterval"/>
    /// whoever reports it. <paramref name="observedRate"/>: the requests per second all senders started lately (the first
    /// halving starts from it). Returns the rate now.</summary>
    Task<RequestRateShare> DecreaseAsync(string endpoint, double observedRate, CancellationToken ct);

    /// <summary>Raises a limited rate after good answers, at most once per <see cref="RequestRatePolicy.IncreaseInterval"/>;
    /// unlimited again after <see cref="RequestRatePolicy.ReleaseAfter"/> without a decrease. Returns the rate now.</summary>
    Task<RequestRateShare> IncreaseAsync(string endpoint, CancellationToken ct);

    /// <summary>The rate now.</summary>
    Task<RequestRateShare> GetAsync(string endpoint, CancellationToken ct);
}
