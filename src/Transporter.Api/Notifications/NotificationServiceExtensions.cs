using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Transporter.Core.Configuration;

namespace Transporter.Api.Notifications;

public static class NotificationServiceExtensions
{
    /// <summary>Registers <see cref="IMailer"/> (<see cref="SmtpMailer"/> configured from TRANSPORTER_SMTP_URL and
    /// TRANSPORTER_MAIL_FROM; email is off when the URL is unset) and <see cref="ReportNotifier"/>. Invalid email
    /// settings (<see cref="EmailSettings"/>) stop the process here, at start-up.</summary>
    public static IServiceCollection AddEmailNotifications(this IServiceCollection services, TransporterOptions options)
    {
        var errors = EmailSettings.Validate(options);
        if (errors.Count > 0) throw new OptionsValidationException(TransporterOptions.Section, typeof(TransporterOptions), errors);
        services.TryAddSingleton<IMailer>(sp => new SmtpMailer(
            sp.GetRequiredService<IOptions<TransporterOptions>>(), sp.GetRequiredService<ILogger<SmtpMailer>>()));
        services.TryAddSingleton<ReportNotifier>();
        return services;
    }
}
