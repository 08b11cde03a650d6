using System.Net;
using System.Net.Mail;
using System.Net.Mime;
using System.Net.Sockets;
using System.Text;
using Microsoft.Extensions.Options;
using Polly;
using Polly.Retry;
using Transporter.Core.Configuration;

namespace Transporter.Api.Notifications;

/// <summary>
/// <see cref="IMailer"/> over System.Net.Mail (MailKit is not available): one SMTP connection per message,
/// STARTTLS when the <see cref="SmtpEndpoint"/> asks for it, retries of transient failures (connection errors,
/// timeouts, 4xx replies) with exponential backoff and jitter. Logs name the server and the number of recipients,
/// never credentials.
/// </summary>
public sealed class SmtpMailer : IMailer
{
    private const string DefaultFrom = "transporter@localhost";
    private readonly SmtpEndpoint? _endpoint;
    private readonly MailAddress _from;
    private readonly SmtpMailerOptions _options;
    private readonly ILogger<SmtpMailer> _logger;
    private readonly ResiliencePipeline _retry;

    /// <param name="endpoint">The server; null turns email off.</param>
    /// <param name="from">Sender address; transporter@localhost when empty.</param>
    public SmtpMailer(SmtpEndpoint? endpoint, string? from, ILogger<SmtpMailer> logger, SmtpMailerOptions? options = null)
    {
        _endpoint = endpoint;
        _from = new MailAddress(string.IsNullOrWhiteSpace(from) ? DefaultFrom : from);
        _options = options ?? new SmtpMailerOptions();
        _logger = logger;
        _retry = new ResiliencePipelineBuilder()
            .AddRetry(new RetryStrategyOptions
            {
                ShouldHandle = new PredicateBuilder().Handle<Exception>(IsTransient),
                MaxRetryAttempts = Math.Max(0, _options.MaxAttempts - 1),
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = _options.BaseDelay,
                MaxDelay = TimeSpan.FromMinutes(1),
                OnRetry = args =>
                {
                    _logger.LogWarning("Sending mail via {Server} failed (attempt {Attempt} of {MaxAttempts}), retrying in {Delay}: {Error}",
                        _endpoint, args.AttemptNumber + 1, _options.MaxAttempts, args.RetryDelay, Describe(args.Outcome.Exception));
                    return ValueTask.CompletedTask;
                },
            })
            .Build();
    }

    /// <summary>Configured from TRANSPORTER_SMTP_URL and TRANSPORTER_MAIL_FROM; email is off when the URL is unset.</summary>
    public SmtpMailer(IOptions<TransporterOptions> options, ILogger<SmtpMailer> logger)
        : this(string.IsNullOrWhiteSpace(options.Value.SmtpUrl) ? null : SmtpEndpoint.Parse(options.Value.SmtpUrl), options.Value.MailFrom, logger)
    {
    }

    public bool IsEnabled => _endpoint is not null;

    public async Task SendAsync(EmailMessage message, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (_endpoint is null)
        {
            _logger.LogInformation("Email is off (no SMTP URL); not sending '{Subject}' to {Count} recipients", message.Subject, message.To.Count);
            return;
        }
        using var mail = Build(message); // invalid addresses throw here, before any attempt
        await _retry.ExecuteAsync(async token => await SendOnceAsync(_endpoint, mail, token).ConfigureAwait(false), ct).ConfigureAwait(false);
        _logger.LogInformation("Sent '{Subject}' to {Count} recipients via {Server}", message.Subject, message.To.Count, _endpoint);
    }

    public async Task<bool> SendInBackground(EmailMessage message)
    {
        if (_endpoint is null)
        {
            await SendAsync(message).ConfigureAwait(false);
            return false;
        }
        await Task.Yield(); // the caller continues at once
        try
        {
            await SendAsync(message).ConfigureAwait(false);
            return true;
        }
        catch (Exception e)
        {
            _logger.LogError("Giving up sending '{Subject}' to {Count} recipients via {Server} after {MaxAttempts} attempts: {Error}",
                message.Subject, message.To.Count, _endpoint, _options.MaxAttempts, Describe(e));
            return false;
        }
    }

    private async Task SendOnceAsync(SmtpEndpoint endpoint, MailMessage mail, CancellationToken ct)
    {
        using var client = new SmtpClient(endpoint.Host, endpoint.Port)
        {
            EnableSsl = endpoint.StartTls, // STARTTLS: SmtpClient has no implicit TLS
            DeliveryMethod = SmtpDeliveryMethod.Network,
            Timeout = (int)_options.AttemptTimeout.TotalMilliseconds,
            Credentials = endpoint.UserName is null ? null : new NetworkCredential(endpoint.UserName, endpoint.Password),
        };
        await client.SendMailAsync(mail, ct).ConfigureAwait(false);
    }

    private MailMessage Build(EmailMessage message)
    {
        if (message.To.Count == 0) throw new ArgumentException("an email needs at least one recipient", nameof(message));
        var mail = new MailMessage
        {
            From = _from,
            Subject = message.Subject,
            SubjectEncoding = Encoding.UTF8,
            Body = message.TextBody,
            BodyEncoding = Encoding.UTF8,
            IsBodyHtml = false,
        };
        try
        {
            foreach (var to in message.To) mail.To.Add(new MailAddress(to));
            if (message.HtmlBody is not null)
                mail.AlternateViews.Add(AlternateView.CreateAlternateViewFromString(message.HtmlBody, Encoding.UTF8, MediaTypeNames.Text.Html));
            return mail;
        }
        catch
        {
            mail.Dispose();
            throw;
        }
    }

    /// <summary>Connection failures, timeouts and 4xx replies may pass; 5xx replies (bad recipient, refused) will not.</summary>
    private static bool IsTransient(Exception e) => e switch
    {
        OperationCanceledException => false,
        SmtpException smtp => (int)smtp.StatusCode < 500,
        IOException or SocketException or TimeoutException => true,
        _ => false,
    };

    private static string Describe(Exception? e)
    {
        if (e is null) return "unknown error";
        var root = e.GetBaseException();
        return ReferenceEquals(root, e) ? $"{e.GetType().Name}: {e.Message}" : $"{e.GetType().Name}: {e.Message} ({root.Message})";
    }
}
