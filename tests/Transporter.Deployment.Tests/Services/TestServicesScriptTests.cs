using Npgsql;
using RabbitMQ.Client;
using Transporter.Testing;

namespace Transporter.Deployment.Tests.Services;

/// <summary>scripts/test-services.sh gives the tests a working PostgreSQL and RabbitMQ.</summary>
[Collection(TestServicesCollection.Name)]
public sealed class TestServicesScriptTests(TestServicesSession services)
{
    [Fact]
    public void Start_IsQuiet_OneLineSayingBothAreReady()
    {
        Assert.Equal(["test services: postgres ready, rabbitmq ready"], services.StartOutput);
    }

    [Fact]
    public async Task Postgres_AcceptsTheExportedConnectionString()
    {
        Assert.False(string.IsNullOrEmpty(services.Postgres), "TRANSPORTER_TEST_POSTGRES was not exported");
        await using var connection = new NpgsqlConnection(services.Postgres);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("select current_user, current_database(), version()", connection);
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        Assert.Equal("transporter_test", reader.GetString(0));
        Assert.Equal("transporter_test", reader.GetString(1));
        Assert.StartsWith("PostgreSQL 15", reader.GetString(2));
    }

    [Fact]
    public async Task Rabbitmq_AcceptsTheExportedUrl_AndRoutesAMessage()
    {
        Assert.False(string.IsNullOrEmpty(services.Rabbitmq), "TRANSPORTER_TEST_RABBITMQ was not exported");
        var factory = new ConnectionFactory { Uri = new Uri(services.Rabbitmq) };
        await using var connection = await factory.CreateConnectionAsync();
        await using var channel = await connection.CreateChannelAsync();
        var queue = (await channel.QueueDeclareAsync(exclusive: true, autoDelete: true)).QueueName;

        await channel.BasicPublishAsync("", queue, "probe"u8.ToArray());

        BasicGetResult? message = null;
        for (var i = 0; i < 50 && message is null; i++)
        {
            message = await channel.BasicGetAsync(queue, autoAck: true);
            if (message is null) await Task.Delay(100);
        }
        Assert.NotNull(message);
        Assert.Equal("probe"u8.ToArray(), message.Body.ToArray());
    }

    [Fact]
    public async Task StartingAgain_WhileRunning_KeepsTheSameServers()
    {
        var result = await CommandLine.RunAsync("bash",
            ["-c", "source scripts/test-services.sh; start_test_services; start_test_services; echo \"$TRANSPORTER_TEST_POSTGRES|$TRANSPORTER_TEST_RABBITMQ\"; stop_test_services"],
            workingDirectory: RepoPaths.Root, timeout: TimeSpan.FromMinutes(3));

        Assert.Equal(0, result.ExitCode);
        var lines = result.StdOut.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(["test services: postgres ready, rabbitmq ready", "test services: postgres ready, rabbitmq ready", $"{services.Postgres}|{services.Rabbitmq}"], lines);
        Assert.Equal("", result.StdErr);
        // That run's stop left the servers to the session that still uses them.
        await using var connection = new NpgsqlConnection(services.Postgres);
        await connection.OpenAsync();
    }
}
