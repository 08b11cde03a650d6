using Dapper;
using Npgsql;

namespace Transporter.ScaleOut.Tests.Infrastructure;

/// <summary>
/// Watches which worker processes hold copy batches (copy_batches.worker, "host:pid:tag") ten times a second while a
/// test runs, to show that the work spread over every worker.
/// </summary>
public sealed class BatchHolders : IAsyncDisposable
{
    private readonly HashSet<int> _pids = [];
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    public BatchHolders(string databaseUrl) => _loop = WatchAsync(databaseUrl);

    /// <summary>Process ids seen holding a batch so far.</summary>
    public IReadOnlySet<int> Pids
    {
        get { lock (_pids) return _pids.ToHashSet(); }
    }

    private async Task WatchAsync(string databaseUrl)
    {
        while (!_stop.IsCancellationRequested)
        {
            try
            {
                await using var connection = new NpgsqlConnection(databaseUrl);
                await connection.OpenAsync(_stop.Token);
                foreach (var worker in await connection.QueryAsync<string>("SELECT DISTINCT worker FROM copy_batches WHERE worker IS NOT NULL"))
                    lock (_pids) _pids.Add(PidOf(worker));
            }
            catch (Exception e) when (e is NpgsqlException or InvalidOperationException or TimeoutException)
            {
                // The database may be stopped by the test; keep watching.
            }
            catch (OperationCanceledException)
            {
                return;
            }
            try { await Task.Delay(100, _stop.Token); } catch (OperationCanceledException) { return; }
        }
    }

    /// <summary>The process id in a lease owner's name (WorkerIdentity: machine:pid:tag).</summary>
    public static int PidOf(string owner) => int.Parse(owner.Split(':')[^2]);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _loop;
        _stop.Dispose();
    }
}
