using System.Net.Http.Headers;
using System.Text;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Transporter.Core.Configuration;
using Transporter.Core.Migrations.Persistence;
using Transporter.Core.Webhooks;
using Transporter.Worker.Hosting;
using Transporter.Worker.Resilience;

namespace Transporter.Worker.Webhooks;

/// <summary>
/// Sends queued webhook deliveries (docs/migration-controls.md, "Webhooks"), in every process with the worker role:
/// every second it claims due deliveries with a lease, POSTs each signed body, and records the attempt. A delivery that
/// fails (no answer within the timeout, or any status but 2xx) is tried again with exponential backoff and jitter, from
/// <see cref="TransporterOptions.WebhookRetrySeconds"/> doubling up to an hour, at most
/// <see cref="TransporterOptions.WebhookMaxAttempts"/> times; then it is given up and the run's errors say so.
/// </summary>
public sealed class WebhookDispatcher(
    MigrationRepository migrations,
    WebhookDeliveryRepository webhooks,
    WorkerIdentity identity,
    IOptions<TransporterOptions> options,
    ILogger<WebhookDispatcher> logger,
    TimeProvider clock) : BackgroundService
{
    private const int BatchSize = 16;
    private static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromHours(1);

    private readonly HttpClient _http = new(new SocketsHttpHandler { AllowAutoRedirect = false, PooledConnectionLifetime = TimeSpan.FromMinutes(2) })
    {
        Timeout = Timeout.InfiniteTimeSpan,
    };

    private TransporterOptions Options => options.Value;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var backoff = new LoopBackoff(logger, "Sending webhook deliveries");
        using var timer = new PeriodicTimer(PollInterval);
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
        {
            try
            {
                await SendDueAsync(stoppingToken).ConfigureAwait(false);
                backoff.Succeeded();
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                await Task.Delay(backoff.Failed(e), stoppingToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Claims and sends the deliveries due now (the loop calls it every second).</summary>
    public async Task SendDueAsync(CancellationToken ct)
    {
        var timeout = TimeSpan.FromSeconds(Options.WebhookTimeoutSeconds);
        var due = await webhooks.ClaimWebhookDeliveriesAsync(identity.Id, clock.GetUtcNow() + timeout * 2, BatchSize, ct).ConfigureAwait(false);
        await Parallel.ForEachAsync(due, new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = ct },
            async (delivery, token) => await SendAsync(delivery, timeout, token).ConfigureAwait(false)).ConfigureAwait(false);
    }

    private async Task SendAsync(WebhookDelivery delivery, TimeSpan timeout, CancellationToken ct)
    {
        var migration = await migrations.GetAsync(delivery.MigrationId, ct).ConfigureAwait(false);
        var secret = migration is null ? null : (await migrations.GetEndpointsAsync(delivery.MigrationId, ct).ConfigureAwait(false))?.WebhookSecrets;
        var url = migration?.Controls.Webhooks is { } hooks && delivery.Webhook < hooks.Count ? hooks[delivery.Webhook].Url : null;
        if (url is null || secret is null || delivery.Webhook >= secret.Count)
        {
            await webhooks.RecordWebhookAttemptAsync(delivery, "the migration or its webhook no longer exists", null, url ?? "", ct).ConfigureAwait(false);
            return;
        }
        var error = await PostAsync(delivery, url, secret[delivery.Webhook], timeout, ct).ConfigureAwait(false);
        DateTimeOffset? retryAt = null;
        if (error is not null && delivery.Attempts + 1 < Options.WebhookMaxAttempts)
            retryAt = clock.GetUtcNow() + Backoff(delivery.Attempts);
        if (error is null) logger.LogInformation("Webhook {Event} of migration {MigrationId} delivered", delivery.Event, delivery.MigrationId);
        else logger.LogWarning("Webhook {Event} of migration {MigrationId} failed (attempt {Attempt}): {Error}{Retry}", delivery.Event,
            delivery.MigrationId, delivery.Attempts + 1, error, retryAt is null ? "; giving up" : $"; again at {retryAt:O}");
        await webhooks.RecordWebhookAttemptAsync(delivery, error, retryAt, url, ct).ConfigureAwait(false);
    }

    /// <summary>One POST; null when the receiver answered 2xx, else why not (never the body or the secret).</summary>
    private async Task<string?> PostAsync(WebhookDelivery delivery, string url, string secret, TimeSpan timeout, CancellationToken ct)
    {
        var timestamp = clock.GetUtcNow().ToUnixTimeSeconds();
        using var request = new HttpRequestMessage(HttpMethod.Post, url)
        {
            Content = new StringContent(delivery.Body, Encoding.UTF8, "application/json"),
        };
        request.Headers.UserAgent.Add(new ProductInfoHeaderValue("Transporter-Webhooks", "1"));
        request.Headers.Add(WebhookSignature.EventHeader, delivery.Event);
        request.Headers.Add(WebhookSignature.DeliveryHeader, delivery.Id);
        request.Headers.Add(WebhookSignature.TimestampHeader, timestamp.ToString(System.Globalization.CultureInfo.InvariantCulture));
        request.Headers.Add(WebhookSignature.SignatureHeader, WebhookSignature.Sign(secret, timestamp, delivery.Body));
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(ct);
        limit.CancelAfter(timeout);
        try
        {
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, limit.Token).ConfigureAwait(false);
            return response.IsSuccessStatusCode ? null : $"HTTP {(int)response.StatusCode} {response.ReasonPhrase}";
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return $"no answer within {timeout.TotalSeconds:0} s";
        }
        catch (HttpRequestException e)
        {
            return e.HttpRequestError + ": " + e.Message;
        }
    }

    /// <summary>The wait before attempt <paramref name="attemptsSoFar"/> + 2: the base doubled per attempt, at most an
    /// hour, with ±20% jitter so receivers recovering from an outage are not hit in lockstep.</summary>
    private TimeSpan Backoff(int attemptsSoFar)
    {
        var seconds = Math.Min(MaxBackoff.TotalSeconds, Options.WebhookRetrySeconds * Math.Pow(2, attemptsSoFar));
        return TimeSpan.FromSeconds(seconds * (0.8 + 0.4 * Random.Shared.NextDouble()));
    }

    public override void Dispose()
    {
        _http.Dispose();
        base.Dispose();
    }
}
