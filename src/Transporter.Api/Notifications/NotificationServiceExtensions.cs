using Microsoft.Extensions.Options;
using Transporter.Core.Configuration;

namespace Transporter.Api.Notifications;

public static class NotificationServiceExtensions
{
    /// <summary>Registers <see cref="IMailer"/> (<see cref="SmtpMailer"/> configured from TRANSPORTER_SMTP_URL and
    /// TRANSPORTER_MAIL_FROM; email is off when the URL is unset).</summary>
    public static IServiceCollection AddEmailNotifications(this IServiceCollection services) =>
        services.AddSingleton<IMailer>(sp => new SmtpMailer(
            sp.GetRequiredService<IOptions<TransporterOptions>>(), sp.GetRequiredService<ILogger<SmtpMailer>>()));
}
