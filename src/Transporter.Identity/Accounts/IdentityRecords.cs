namespace Transporter.Identity.Accounts;

/// <summary>A root (tenant, customer): the spec's "root". Everything its users own is scoped to it.</summary>
public sealed record RootInfo(string Name, string Id, string RootUserName, DateTimeOffset CreatedAt);

/// <summary>A user of a root; <see cref="IsRoot"/> marks the one root user of the tenant.</summary>
public sealed record UserInfo(string Root, string UserName, string Id, bool IsRoot, DateTimeOffset CreatedAt);

/// <summary>An access key as listings show it: never with its secret.</summary>
public sealed record AccessKeyInfo(string AccessKeyId, string Root, string UserName, DateTimeOffset CreatedAt);

/// <summary>A key just created or imported: the only time its secret is handed out.</summary>
public sealed record NewAccessKey(string AccessKeyId, string SecretAccessKey, string Root, string UserName, DateTimeOffset CreatedAt)
{
    public override string ToString() => $"NewAccessKey {{ AccessKeyId = {AccessKeyId}, Root = {Root}, UserName = {UserName} }}";
}

/// <summary>A root just created, with its root user and that user's first key.</summary>
public sealed record CreatedRoot(RootInfo Root, UserInfo RootUser, NewAccessKey AccessKey);
