namespace Transporter.Store.Admin;

/// <summary>POST /admin/v1/roots. <see cref="RootUser"/> defaults to "root"; give both key fields to import a key
/// (as Garage's ImportKey), neither to have one generated.</summary>
public sealed record CreateRootRequest(string? Name, string? RootUser, string? AccessKeyId, string? SecretAccessKey);
