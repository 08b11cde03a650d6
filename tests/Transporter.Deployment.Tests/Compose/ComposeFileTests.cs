using System.Text;
using System.Text.Json;
using Npgsql;
using Transporter.Testing;

namespace Transporter.Deployment.Tests.Compose;

/// <summary>docker-compose.yml as `docker-compose config` resolves it with the example env file.</summary>
public sealed class ComposeFileTests
{
    private static readonly string[] PlatformServices = ["store", "api", "worker"];

    private static async Task<JsonElement> ServicesAsync() => (await ComposeConfig.WithExampleEnvAsync()).At("services");

    private static JsonElement Env(JsonElement services, string service) => services.At(service, "environment");

    [Fact]
    public async Task Config_WithTheExampleEnvFile_DefinesTheWholeStack()
    {
        var services = await ServicesAsync();
        Assert.Equal(["api", "mailpit", "postgres", "rabbitmq", "store", "worker"], services.Keys().Order());
        Assert.StartsWith("postgres:15", services.Text("postgres", "image"));
        Assert.Matches("^rabbitmq:.*management", services.Text("rabbitmq", "image"));
    }

    [Fact]
    public async Task Workers_RunThreeReplicas_OfTheWorkerImage()
    {
        var worker = (await ServicesAsync()).At("worker");
        Assert.Equal(3, worker.At("deploy", "replicas").GetInt32());
        Assert.Equal("deploy/worker.Dockerfile", worker.Text("build", "dockerfile"));
        // A fixed name would stop docker-compose from running more than one.
        Assert.False(worker.Has("container_name"));
    }

    [Fact]
    public async Task Api_StartsOnlyAfterPostgresRabbitmqAndTheStoreAreHealthy()
    {
        var dependsOn = (await ServicesAsync()).At("api", "depends_on");
        foreach (var dependency in new[] { "postgres", "rabbitmq", "store" })
            Assert.Equal("service_healthy", dependsOn.Text(dependency, "condition"));
        var storeDependsOn = (await ServicesAsync()).At("store", "depends_on");
        Assert.Equal("service_healthy", storeDependsOn.Text("postgres", "condition"));
    }

    [Fact]
    public async Task EveryService_HasAHealthCheck()
    {
        var services = await ServicesAsync();
        foreach (var name in services.Keys())
        {
            var test = services.At(name, "healthcheck", "test");
            Assert.True(test.GetArrayLength() >= 2, $"{name} has no health check command");
            Assert.Contains(test[0].GetString(), new[] { "CMD", "CMD-SHELL" });
        }
        // The platform services probe with the scripts the images carry (checked by DockerfileTests).
        Assert.Equal("/app/http-health.sh", services.At("api", "healthcheck", "test")[2].GetString());
        Assert.Equal("/app/http-health.sh", services.At("store", "healthcheck", "test")[2].GetString());
        Assert.Equal("/app/http-health.sh", services.At("worker", "healthcheck", "test")[2].GetString());
    }

    [Fact]
    public async Task Data_LivesInNamedVolumes()
    {
        var config = await ComposeConfig.WithExampleEnvAsync();
        var declared = config.At("volumes").Keys().ToHashSet();
        var expected = new Dictionary<string, (string Volume, string Path)>
        {
            ["postgres"] = ("postgres-data", "/var/lib/postgresql/data"),
            ["store"] = ("store-data", "/data"),
            ["api"] = ("api-data", "/data"),
        };
        foreach (var (service, (volume, path)) in expected)
        {
            Assert.Contains(volume, declared);
            var mounts = config.At("services", service, "volumes").EnumerateArray().Select(v => v.GetString()).ToList();
            Assert.Contains(mounts, m => m is not null && m.StartsWith($"{volume}:{path}", StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task EachPlatformProcess_RunsItsOwnRole()
    {
        var services = await ServicesAsync();
        foreach (var role in PlatformServices) Assert.Equal(role, Env(services, role).Text("TRANSPORTER_ROLES"));
        Assert.Equal("deploy/api.Dockerfile", services.Text("store", "build", "dockerfile"));
        Assert.Equal("deploy/api.Dockerfile", services.Text("api", "build", "dockerfile"));
        // Listen URLs must be reachable from outside the container, on the published ports.
        Assert.Equal("http://0.0.0.0:9000", Env(services, "store").Text("TRANSPORTER_S3_URL"));
        Assert.Equal("http://0.0.0.0:8080", Env(services, "api").Text("TRANSPORTER_API_URL"));
        Assert.Contains(services.At("store", "ports").EnumerateArray(), p => p.At("target").GetInt32() == 9000);
        Assert.Contains(services.At("api", "ports").EnumerateArray(), p => p.At("target").GetInt32() == 8080);
    }

    [Fact]
    public async Task PlatformProcesses_ShareTheMasterKeyDatabaseAndBroker_FromTheEnvFile()
    {
        var services = await ServicesAsync();
        var example = EnvFile.Read(ComposeConfig.ExampleEnvFile);
        foreach (var setting in new[] { "TRANSPORTER_MASTER_KEY", "TRANSPORTER_DATABASE_URL", "TRANSPORTER_BROKER_URL", "TRANSPORTER_PUBLIC_URL" })
            Assert.Single(PlatformServices.Select(s => Env(services, s).Text(setting)).Distinct());

        var masterKey = Env(services, "api").Text("TRANSPORTER_MASTER_KEY");
        Assert.Equal(example["TRANSPORTER_MASTER_KEY"], masterKey);
        Assert.Equal(32, Convert.FromBase64String(masterKey).Length);

        var postgres = Env(services, "postgres");
        var database = new NpgsqlConnectionStringBuilder(Env(services, "api").Text("TRANSPORTER_DATABASE_URL"));
        Assert.Equal("postgres", database.Host);
        Assert.Equal(postgres.Text("POSTGRES_USER"), database.Username);
        Assert.Equal(postgres.Text("POSTGRES_PASSWORD"), database.Password);
        Assert.Equal(postgres.Text("POSTGRES_DB"), database.Database);
        Assert.Equal(example["POSTGRES_PASSWORD"], database.Password);

        var rabbitmq = Env(services, "rabbitmq");
        var broker = new Uri(Env(services, "api").Text("TRANSPORTER_BROKER_URL"));
        Assert.Equal(("amqp", "rabbitmq", 5672), (broker.Scheme, broker.Host, broker.Port));
        Assert.Equal($"{rabbitmq.Text("RABBITMQ_DEFAULT_USER")}:{rabbitmq.Text("RABBITMQ_DEFAULT_PASS")}", Uri.UnescapeDataString(broker.UserInfo));

        // The api and the store both serve the identity store, so both know the first root's key.
        foreach (var service in new[] { "api", "store" })
        {
            Assert.Equal(example["TRANSPORTER_ROOT_ACCESS_KEY"], Env(services, service).Text("TRANSPORTER_ROOT_ACCESS_KEY"));
            Assert.Equal(example["TRANSPORTER_ROOT_SECRET_KEY"], Env(services, service).Text("TRANSPORTER_ROOT_SECRET_KEY"));
        }
    }

    [Fact]
    public async Task Email_GoesToTheSmtpSink_AndLinksUseThePublicUrl()
    {
        var services = await ServicesAsync();
        var smtp = new Uri(Env(services, "api").Text("TRANSPORTER_SMTP_URL"));
        Assert.Equal("smtp", smtp.Scheme);
        Assert.Contains("mailpit", services.Text(smtp.Host, "image"));
        Assert.Contains(services.At("mailpit", "ports").EnumerateArray(), p => p.At("target").GetInt32() == 8025);
        Assert.True(Uri.TryCreate(Env(services, "api").Text("TRANSPORTER_PUBLIC_URL"), UriKind.Absolute, out _));
    }

    [Fact]
    public async Task ComposeFile_HoldsNoSecretValues_OnlyReferencesToTheEnvFile()
    {
        var raw = await Yaml.ParseFileAsync(ComposeConfig.ComposeFile);
        var checkedCount = 0;
        foreach (var service in raw.At("services").EnumerateObject())
        {
            if (!service.Value.Has("environment")) continue;
            foreach (var setting in service.Value.At("environment").EnumerateObject())
            {
                var value = setting.Value.GetString() ?? "";
                if (EnvFile.IsSecretName(setting.Name))
                {
                    Assert.Matches(@"^\$\{[A-Z_]+(:[?-][^}]*)?\}$", value);
                    checkedCount++;
                }
                if (setting.Name is "TRANSPORTER_DATABASE_URL") Assert.Contains("Password=${POSTGRES_PASSWORD", value);
                if (setting.Name is "TRANSPORTER_BROKER_URL") Assert.Matches(@"^amqp://\$\{[A-Z_]+[^}]*\}:\$\{RABBITMQ_PASSWORD[^}]*\}@", value);
            }
        }
        Assert.True(checkedCount >= 8, $"only {checkedCount} secret settings found; the check is not looking where it should");

        var text = await File.ReadAllTextAsync(ComposeConfig.ComposeFile);
        foreach (var (name, value) in EnvFile.Read(ComposeConfig.ExampleEnvFile))
            if (EnvFile.IsSecretName(name)) Assert.DoesNotContain(value, text);
    }

    [Fact]
    public async Task MissingSecret_StopsDockerCompose_NamingTheSetting()
    {
        var envFile = Path.Combine(RepoPaths.NewTempDir("compose-env"), "without-master-key.env");
        await File.WriteAllLinesAsync(envFile,
            (await File.ReadAllLinesAsync(ComposeConfig.ExampleEnvFile)).Where(l => !l.StartsWith("TRANSPORTER_MASTER_KEY=")));

        var result = await ComposeConfig.RunConfigAsync(envFile);

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("set TRANSPORTER_MASTER_KEY in .env", result.StdErr);
        Directory.Delete(Path.GetDirectoryName(envFile)!, recursive: true);
    }

    [Fact]
    public void ExampleEnvFile_HoldsOnlyPlaceholders_AndRealEnvFilesStayOutOfGitAndImages()
    {
        var secrets = EnvFile.Read(ComposeConfig.ExampleEnvFile).Where(s => EnvFile.IsSecretName(s.Key)).ToList();
        Assert.True(secrets.Count >= 6, "the example env file should list every secret of the stack");
        foreach (var (name, value) in secrets)
        {
            var readable = value;
            try { readable += " " + Encoding.UTF8.GetString(Convert.FromBase64String(value)); } catch (FormatException) { }
            Assert.True(readable.Contains("example", StringComparison.OrdinalIgnoreCase), $"{name} in .env.example does not look like a placeholder");
        }
        Assert.Contains("/.env", File.ReadAllLines(Path.Combine(RepoPaths.Root, ".gitignore")));
        Assert.Contains(".env", File.ReadAllLines(Path.Combine(RepoPaths.Root, ".dockerignore")));
    }
}
