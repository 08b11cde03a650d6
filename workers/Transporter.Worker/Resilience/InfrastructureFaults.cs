using System.Net.Sockets;
using MassTransit;
using Microsoft.Data.Sqlite;
using Npgsql;
using RabbitMQ.Client.Exceptions;

namespace Transporter.Worker.Resilience;

/// <summary>
/// Failures of the platform's own infrastructure (the database and the broker) that go away when the server comes
/// back: connection refused or reset, timeouts, a server shutting down or starting up, a busy SQLite file. Anything
/// else (a constraint violation, a bug) is permanent and retrying it only delays the error.
/// </summary>
public static class InfrastructureFaults
{
    public static bool IsTransient(Exception e) => e switch
    {
        OperationCanceledException => false,
        PostgresException pg => IsTransientState(pg.SqlState),
        // Npgsql errors without a server answer: I/O, sockets, timeouts, a connector broken by a restart.
        NpgsqlException => true,
        SqliteException sqlite => sqlite.SqliteErrorCode is 5 or 6, // SQLITE_BUSY, SQLITE_LOCKED
        ConnectionException or MessageNotAcknowledgedException => true,
        BrokerUnreachableException or AlreadyClosedException or OperationInterruptedException => true,
        TimeoutException or IOException or SocketException => true,
        _ => e.InnerException is { } inner && IsTransient(inner),
    };

    /// <summary>SQLSTATE classes 08 (connection), 53 (insufficient resources), 57 (operator intervention: admin
    /// shutdown, cannot connect now), 58 (system error), and serialization failures and deadlocks.</summary>
    private static bool IsTransientState(string state) =>
        state.StartsWith("08", StringComparison.Ordinal) || state.StartsWith("53", StringComparison.Ordinal)
        || state.StartsWith("57", StringComparison.Ordinal) || state.StartsWith("58", StringComparison.Ordinal)
        || state is "40001" or "40P01" or "55P03";
}
