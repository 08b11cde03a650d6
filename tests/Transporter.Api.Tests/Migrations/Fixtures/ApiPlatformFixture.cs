using Dapper;
using Transporter.Api.Tests.InProcess;
using Transporter.Core.Persistence;
using Transporter.Testing.Api;

namespace Transporter.Api.Tests.Migrations.Fixtures;

/// <summary>
/// One embedded platform (API, store and workers) shared by the API contract tests, hosted in the test process
/// (<see cref="InProcessPlatform"/>, the in-process tier), with three callers: the root user of the first root
/// ("default"), a second user of that root, and the root user of a second root ("other") created through the
/// identity admin API. All requests go over HTTP to its Kestrel ports, signed by botocore.
/// </summary>
public sealed class ApiPlatformFixture : IAsyncLifetime
{
    public const string AdminToken = "api-tests-admin-token-0001";
    public const string OtherRoot = "other";
    public const string UserName = "alice@example.com";

    public InProcessPlatform Platform { get; private set; } = null!;

    /// <summary>Root user of the "default" root.</summary>
    public TransporterApiClient Root { get; private set; } = null!;

    /// <summary>A user of the "default" root who is not its root user.</summary>
    public TransporterApiClient User { get; private set; } = null!;

    /// <summary>Root user of the "other" root.</summary>
    public TransporterApiClient Other { get; private set; } = null!;

    public IdentityAdminClient Admin { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Platform = new InProcessPlatform(new Dictionary<string, string> { ["AdminToken"] = AdminToken });
        Platform.Start();
        Admin = new IdentityAdminClient(Platform.ApiUrl, AdminToken);
        await Admin.CreateRootAsync(OtherRoot, "OTHERROOTACCESSKEY01", "other-root-secret-key-000000000000000001");
        await Admin.CreateUserAsync("default", UserName, "ALICEUSERACCESSKEY01", "alice-user-secret-key-00000000000000001");
        await Admin.AllowTransporterAsync("default", UserName);
        Root = TransporterApiClient.For(Platform);
        User = new TransporterApiClient(Platform.ApiUrl, "ALICEUSERACCESSKEY01", "alice-user-secret-key-00000000000000001");
        Other = new TransporterApiClient(Platform.ApiUrl, "OTHERROOTACCESSKEY01", "other-root-secret-key-000000000000000001");
    }

    /// <summary>Rows of a table of the platform's database, read from its SQLite file while it runs.</summary>
    public async Task<long> CountRowsAsync(string table)
    {
        var db = Database.Sqlite(Path.Combine(Platform.DataDir, "transporter.db"));
        await using var connection = await db.OpenAsync();
        return await connection.ExecuteScalarAsync<long>($"SELECT COUNT(*) FROM {table}");
    }

    /// <summary>Runs a query against the platform's database.</summary>
    public async Task<IReadOnlyList<T>> QueryAsync<T>(string sql, object? args = null)
    {
        var db = Database.Sqlite(Path.Combine(Platform.DataDir, "transporter.db"));
        await using var connection = await db.OpenAsync();
        return (await connection.QueryAsync<T>(sql, args)).ToList();
    }

    public async Task DisposeAsync()
    {
        Root?.Dispose();
        User?.Dispose();
        Other?.Dispose();
        Admin?.Dispose();
        if (Platform is not null) await Platform.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class ApiPlatformCollection : ICollectionFixture<ApiPlatformFixture>
{
    public const string Name = "api platform";
}
