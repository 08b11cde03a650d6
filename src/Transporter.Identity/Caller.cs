namespace Transporter.Identity;

/// <summary>
/// Who signed a request: a user of a root (tenant), through one of the user's access keys.
/// Everything a caller sees is scoped to <see cref="Root"/>.
/// </summary>
/// <param name="Root">The root (customer, tenant) name, the spec's "root".</param>
/// <param name="UserName">The user's name (an email in the spec), the spec's "username".</param>
/// <param name="AccessKey">The access key that signed the request.</param>
/// <param name="IsRoot">True for the root user of the tenant, who may do everything within it.</param>
public sealed record Caller(string Root, string UserName, string AccessKey, bool IsRoot);
