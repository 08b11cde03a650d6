using Transporter.Api.Notifications;
using Transporter.Core.Migrations;
using Transporter.Testing.Persistence;

namespace Transporter.Api.Tests.Notifications;

public class ReportRecipientsTests
{
    private static Migration With(string user, params NotificationConfig[] notifications) =>
        RepositoryTestContext.NewMigration("acme", user) with { Notifications = notifications };

    private static NotificationConfig Email(string @event, params string[] to) => new() { Event = @event, Carrier = "email", Destination = to };

    [Fact]
    public void Ready_mail_goes_to_the_ready_subscribers_and_an_owner_whose_name_is_an_address()
    {
        var migration = With("Owner@Example.com",
            Email("reports ready", "ops@example.com", "Data Team <data@example.com>"),
            Email("reports failed", "oncall@example.com"),
            Email("migration finished", "someone@example.com"),
            new NotificationConfig { Event = "reports ready", Carrier = "sms", Destination = ["+15551234"] });

        Assert.Equal(["ops@example.com", "Data Team <data@example.com>", "Owner@Example.com"],
            ReportRecipients.For(migration, NotificationEvents.ReportsReady));
    }

    [Fact]
    public void Failure_mail_also_reaches_whoever_waits_for_the_reports_each_address_once()
    {
        var migration = With("ops@example.com",
            Email(" Reports Ready ", "ops@example.com", "data@example.com"),
            Email("reports failed", "OPS@example.com", "oncall@example.com"));

        Assert.Equal(["ops@example.com", "data@example.com", "oncall@example.com"], ReportRecipients.For(migration, NotificationEvents.ReportsFailed));
    }

    [Fact]
    public void An_owner_that_is_not_an_address_and_no_notifications_means_nobody()
    {
        Assert.Empty(ReportRecipients.For(With("root"), NotificationEvents.ReportsReady));
        Assert.Equal(["ops@example.com"], ReportRecipients.For(With("root", Email("reports ready", "ops@example.com")), NotificationEvents.ReportsReady));
    }
}
