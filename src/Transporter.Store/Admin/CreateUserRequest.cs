namespace Transporter.Store.Admin;

/// <summary>POST /admin/v1/roots/{root}/users: the user's name, usually an email.</summary>
public sealed record CreateUserRequest(string? UserName);
