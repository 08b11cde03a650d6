namespace Transporter.Api.Notifications;

/// <summary>One email to several recipients: a plain-text body and optionally an HTML alternative.</summary>
public sealed record EmailMessage(IReadOnlyList<string> To, string Subject, string TextBody, string? HtmlBody = null);
