using System.Security.Cryptography;
using Npgsql;
using Transporter.Testing;
using Transporter.Testing.Persistence;

namespace Transporter.Deployment.Tests.Services;

/// <summary>
/// The split the compose file and the chart deploy: the store and the API as separate processes of the same image,
/// on one PostgreSQL database and one master key, each probed by the image's health check script.
/// </summary>
[Collection(TestServicesCollection.Name)]
public sealed class DistributedRolesTests(TestServicesSession services) : IAsyncLifetime
{
    private const string AccessKey = "DEPLOYROLESKEY000001";
    private const string SecretKey = "deploy-roles-secret-key-0000000000000001";
    private PostgresDatabase? _created;
    private string _databaseUrl = "";

    public async Task InitializeAsync()
    {
        Assert.False(string.IsNullOrEmpty(services.Postgres), "scripts/test-services.sh did not start PostgreSQL");
        _created = await PostgresDatabase.CreateAsync("deploy_roles", services.Postgres);
        _databaseUrl = _created.ConnectionString;
    }

    public async Task DisposeAsync()
    {
        if (_created is not null) await _created.DisposeAsync();
    }

    [Fact]
    public async Task StoreAndApi_StartedTogether_OnOneDatabase_ServeTheirOwnPortsAndOneIdentity()
    {
        var env = new Dictionary<string, string>
        {
            ["TRANSPORTER_DATABASE_URL"] = _databaseUrl,
            ["TRANSPORTER_MASTER_KEY"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
        };
        // Together, as Kubernetes starts the store StatefulSet and the API Deployment: both create the schema and
        // make sure the first root exists.
        var starting = new[]
        {
            PlatformProcess.StartAsync(roles: "store", extraEnv: env, accessKey: AccessKey, secretKey: SecretKey),
            PlatformProcess.StartAsync(roles: "api", extraEnv: env, accessKey: AccessKey, secretKey: SecretKey),
        };
        try
        {
            var started = await Task.WhenAll(starting);
            var (store, api) = (started[0], started[1]);

            Assert.Equal(0, (await HealthScript.RunAsync("store", s3Url: store.S3Url)).ExitCode);
            Assert.Equal(0, (await HealthScript.RunAsync("api", apiUrl: api.ApiUrl)).ExitCode);
            // Each serves only its own role.
            Assert.Equal(1, (await HealthScript.RunAsync("api", apiUrl: store.ApiUrl)).ExitCode);
            Assert.Equal(1, (await HealthScript.RunAsync("store", s3Url: api.S3Url)).ExitCode);

            await using var connection = new NpgsqlConnection(_databaseUrl);
            await connection.OpenAsync();
            await using var count = new NpgsqlCommand(
                "select (select count(*) from identity_roots), (select count(*) from identity_access_keys where access_key_id = @key)", connection);
            count.Parameters.AddWithValue("key", AccessKey);
            await using var reader = await count.ExecuteReaderAsync();
            Assert.True(await reader.ReadAsync());
            Assert.Equal((1L, 1L), (reader.GetInt64(0), reader.GetInt64(1)));
        }
        finally
        {
            foreach (var task in starting)
            {
                try { await (await task).DisposeAsync(); }
                catch (Exception) { /* its start failed; the assertion above reports why */ }
            }
        }
    }
}
