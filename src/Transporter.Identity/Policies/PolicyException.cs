namespace Transporter.Identity.Policies;

/// <summary>A policy document that cannot be accepted (S3 answers MalformedPolicy with the message).</summary>
public sealed class PolicyException(string message) : Exception(message);
