namespace Transporter.Store.Admin;

/// <summary>POST /admin/v1/roots/{root}/users/{user}/keys: empty to generate a key, or both fields to import one.</summary>
public sealed record CreateAccessKeyRequest(string? AccessKeyId, string? SecretAccessKey);
