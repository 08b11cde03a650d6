using Transporter.Core.RequestRates;

namespace Transporter.Connectors;

/// <summary>
/// The outermost handler of every connector's HTTP pipeline: within a <see cref="RequestRateScope"/> (a copy batch),
/// each request, retries included, waits for its slot at the endpoint's adaptive rate, and its answer is reported, so a
/// 503 SlowDown / 429 / Azure 503 ServerBusy slows every copy to that endpoint (docs/migration-engine.md, "Request rates").
/// </summary>
public sealed class RequestRateHandler(HttpMessageHandler inner) : DelegatingHandler(inner)
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (RequestRateScope.Current is not { } scope || request.RequestUri is null)
            return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        var endpoint = RequestRateRegistry.EndpointOf(request.RequestUri);
        await scope.Rates.WaitTurnAsync(endpoint, cancellationToken).ConfigureAwait(false);
        var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        await scope.AnsweredAsync(endpoint, RequestRatePolicy.IsThrottled((int)response.StatusCode), cancellationToken).ConfigureAwait(false);
        return response;
    }
}
