using Npgsql;
using Transporter.Testing;

namespace Transporter.ScaleOut.Tests.Infrastructure;

/// <summary>
/// A PostgreSQL cluster of this test run alone (Debian's PostgreSQL binaries, initdb into a temp dir, loopback on a
/// free port, trust authentication), so a test can stop it for half a minute without breaking other test runs that
/// share the machine's cluster. Stop is a fast shutdown, as <c>pg_ctlcluster 15 main stop</c> does.
/// </summary>
public sealed class PrivatePostgres : IAsyncDisposable
{
    private readonly string _dir;
    private readonly string _bin;

    private PrivatePostgres(string dir, string bin, int port)
    {
        _dir = dir;
        _bin = bin;
        Port = port;
    }

    public int Port { get; }

    private string DataDir => Path.Combine(_dir, "data");

    public static async Task<PrivatePostgres> CreateAsync()
    {
        var bin = Directory.GetDirectories("/usr/lib/postgresql").Select(d => Path.Combine(d, "bin"))
            .Where(d => File.Exists(Path.Combine(d, "initdb"))).OrderByDescending(d => d, StringComparer.Ordinal).FirstOrDefault()
            ?? throw new InvalidOperationException("PostgreSQL is not installed (no /usr/lib/postgresql/*/bin/initdb)");
        var dir = RepoPaths.NewTempDir("postgres");
        await ServiceAccount.GiveAsync(dir, "postgres");
        var postgres = new PrivatePostgres(dir, bin, FreePort.Next());
        (await ServiceAccount.RunAsync("postgres", Path.Combine(bin, "initdb"),
            ["-D", postgres.DataDir, "-A", "trust", "-U", "postgres", "-E", "UTF8", "--no-sync"])).EnsureSuccess();
        await postgres.StartServerAsync();
        return postgres;
    }

    /// <summary>Npgsql connection string of <paramref name="database"/>.</summary>
    public string ConnectionString(string database = "postgres") =>
        new NpgsqlConnectionStringBuilder { Host = "127.0.0.1", Port = Port, Username = "postgres", Password = "trust", Database = database }.ConnectionString;

    public async Task<string> CreateDatabaseAsync(string name)
    {
        await using var connection = new NpgsqlConnection(ConnectionString());
        await connection.OpenAsync();
        await using var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
        await create.ExecuteNonQueryAsync();
        return ConnectionString(name);
    }

    /// <summary>Fast shutdown: open sessions are ended, the server stops accepting connections.</summary>
    public async Task StopAsync() =>
        (await ServiceAccount.RunAsync("postgres", Path.Combine(_bin, "pg_ctl"), ["-D", DataDir, "-m", "fast", "-w", "stop"])).EnsureSuccess();

    /// <summary>Starts the server (again) and waits until it accepts connections.</summary>
    public Task StartAsync() => StartServerAsync();

    private async Task StartServerAsync()
    {
        var options = $"-p {Port} -k {_dir} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=400";
        (await ServiceAccount.RunAsync("postgres", Path.Combine(_bin, "pg_ctl"),
            ["-D", DataDir, "-o", options, "-l", Path.Combine(_dir, "server.log"), "-w", "start"])).EnsureSuccess();
    }

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await ServiceAccount.RunAsync("postgres", Path.Combine(_bin, "pg_ctl"), ["-D", DataDir, "-m", "immediate", "-w", "stop"]);
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
