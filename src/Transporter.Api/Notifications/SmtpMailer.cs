using System.Net.Sockets;
using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Options;
using MimeKit;
using Polly;
using Polly.Retry;
using Transporter.Core.Configuration;

namespace Transporter.Api.Notifications;

/// <summary>
/// <see cref="IMailer"/> over MailKit: one SMTP connection per message, plain, STARTTLS or SSL-on-connect as the
/// <see cref="SmtpEndpoint"/> says, authenticated with the strongest mechanism both sides offer when the URL has
/// credentials. Transient failures (connection errors, timeouts, 4xx replies) are retried with exponential backoff and
/// jitter; 5xx replies, refused credentials and untrusted certificates are not. Logs name the server and the number of
/// recipients, never credentials.
/// </summary>
public sealed class SmtpMailer : IMailer
{
    private const string DefaultFrom = "transporter@localhost";
    private readonly SmtpEndpoint? _endpoint;
    private readonly MailboxAddress _from;
    private readonly SmtpMailerOptions _options;
    private readonly ILogger<SmtpMailer> _logger;
    private readonly ResiliencePipeline _retry;

    /// <param name="endpoint">The server; null turns email off.</param>
    /// <param name="from">Sender address; transporter@localhost when empty.</param>
    public SmtpMailer(SmtpEndpoint? endpoint, string? from, ILogger<SmtpMailer> logger, SmtpMailerOptions? options = null)
    {
        _endpoint = endpoint;
        _from = MailboxAddress.Parse(string.IsNullOrWhiteSpace(from) ? DefaultFrom : from);
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
        var mail = Build(message); // invalid addresses throw here, before any attempt
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

    private async Task SendOnceAsync(SmtpEndpoint endpoint, MimeMessage mail, CancellationToken ct)
    {
        using var attempt = CancellationTokenSource.CreateLinkedTokenSource(ct);
        attempt.CancelAfter(_options.AttemptTimeout);
        using var client = new SmtpClient { Timeout = (int)_options.AttemptTimeout.TotalMilliseconds };
        if (_options.ServerCertificateValidation is { } validate) client.ServerCertificateValidationCallback = validate;
        try
        {
            await client.ConnectAsync(endpoint.Host, endpoint.Port, endpoint.Security, attempt.Token).ConfigureAwait(false);
            if (endpoint.UserName is not null)
                await client.AuthenticateAsync(endpoint.UserName, endpoint.Password ?? "", attempt.Token).ConfigureAwait(false);
            await client.SendAsync(mail, attempt.Token).ConfigureAwait(false);
            await client.DisconnectAsync(quit: true, attempt.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (attempt.IsCancellationRequested && !ct.IsCancellationRequested)
        {
            throw new TimeoutException($"no answer within {_options.AttemptTimeout.TotalSeconds:0} s");
        }
    }

    private MimeMessage Build(EmailMessage message)
    {
        if (message.To.Count == 0) throw new ArgumentException("an email needs at least one recipient", nameof(message));
        var mail = new MimeMessage { Subject = message.Subject };
        mail.From.Add(_from);
        foreach (var to in message.To) mail.To.Add(MailboxAddress.Parse(to));
        mail.Body = new BodyBuilder { TextBody = message.TextBody, HtmlBody = message.HtmlBody }.ToMessageBody();
        return mail;
    }

    /// <summary>Connection failures, timeouts, dropped dialogues and 4xx replies may pass; 5xx replies (bad recipient,
    /// refused), refused credentials, an untrusted certificate or a server without the TLS the URL asks for will not.</summary>
    private static bool IsTransient(Exception e) => e switch
    {
        OperationCanceledException => false,
        SmtpCommandException command => (int)command.StatusCode < 500,
        SmtpProtocolException or ServiceNotConnectedException => true,
        AuthenticationException or SslHandshakeException => false,
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
