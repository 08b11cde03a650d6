using Transporter.Connectors;
using Transporter.Core.Endpoints;
using Transporter.Core.Storage;
using Transporter.Worker.Endpoints;

namespace Transporter.Api.Migrations;

/// <summary>
/// Real calls to an endpoint through its provider, for POST /test-storage, POST /list-buckets and the GUI. A refusal
/// (invalid settings, the provider's error, a timeout) comes back as the spec's "details" text, e.g.
/// "NoSuchBucket, details: NoSuchBucket: The specified bucket does not exist".
/// </summary>
public sealed class StorageChecks(ObjectStoreFactory stores)
{
    /// <summary>How long a check may take, provider retries included.</summary>
    public static readonly TimeSpan CheckTimeout = TimeSpan.FromSeconds(60);

    /// <summary>Checks that the endpoint's credentials can read, write and/or delete; null when they can, else why not.</summary>
    public async Task<string?> TestAsync(EndpointConfig config, bool read, bool write, bool delete, CancellationToken ct)
    {
        var problems = config.Validate(write || delete ? EndpointRole.Destination : EndpointRole.Source);
        if (problems.Count > 0) return string.Join("; ", problems);
        var (_, error) = await CallAsync(async token =>
        {
            await using var store = stores.Open(config);
            await StorageProbe.CheckAsync(store, config, read, write, delete, token);
            return true;
        }, ct);
        return error;
    }

    /// <summary>The buckets the endpoint's credentials can see (no bucket needs to be set), or why they cannot be listed.</summary>
    public async Task<(IReadOnlyList<string>? Buckets, string? Error)> ListBucketsAsync(EndpointConfig config, CancellationToken ct)
    {
        var problems = (config with { Bucket = "any" }).Validate(EndpointRole.Source);
        if (problems.Count > 0) return (null, string.Join("; ", problems));
        return await CallAsync(token => stores.ListBucketsAsync(config, token), ct);
    }

    private static async Task<(T? Result, string? Error)> CallAsync<T>(Func<CancellationToken, Task<T>> call, CancellationToken ct)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(CheckTimeout);
        try
        {
            return (await call(timeout.Token), null);
        }
        catch (ObjectStoreException e)
        {
            return (default, $"{e.ProviderCode}, details: {e.Details}");
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !ct.IsCancellationRequested)
        {
            return (default, $"Timeout, details: Timeout: the endpoint did not answer within {CheckTimeout.TotalSeconds:0} seconds");
        }
    }
}
