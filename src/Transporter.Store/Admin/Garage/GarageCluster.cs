using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using Transporter.Core.Configuration;

namespace Transporter.Store.Admin.Garage;

/// <summary>
/// Garage's cluster endpoints for a store that is one node: health, status (this node, its version, its data dir's
/// capacity), the layout (one role, never staged changes). Layout changes and connecting other nodes are refused
/// with a reason, since there is nothing to change.
/// </summary>
internal sealed class GarageCluster(IOptions<TransporterOptions> options)
{
    private readonly string _dataDir = options.Value.DataPath();

    /// <summary>A stable node id: the SHA-256 of the data dir's full path (a node is its data).</summary>
    public string NodeId => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(_dataDir)));

    public static string Version =>
        typeof(GarageCluster).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown";

    public static IResult HealthText() =>
        Results.Text("Transporter store is fully operational (one node)\n", "text/plain", statusCode: StatusCodes.Status200OK);

    public static IResult Health() => Results.Json(new
    {
        status = "Healthy",
        known_nodes = 1,
        connected_nodes = 1,
        storage_nodes = 1,
        storage_nodes_ok = 1,
        partitions = 256,
        partitions_quorum = 256,
        partitions_all_ok = 256,
    });

    public IResult Status()
    {
        var (total, available) = Capacity();
        var body = new Dictionary<string, object?>
        {
            ["node"] = NodeId,
            ["garage_version"] = "transporter:" + Version,
            ["singleNode"] = true,
            ["knownNodes"] = new Dictionary<string, object>
            {
                [NodeId] = new
                {
                    addr = options.Value.S3Url,
                    is_up = true,
                    last_seen_secs_ago = 0,
                    hostname = Environment.MachineName,
                    dataDir = _dataDir,
                    dataPartition = new { total, available },
                },
            },
            ["layout"] = LayoutBody(total),
        };
        return Results.Json(body);
    }

    public IResult Layout() => Results.Json(LayoutBody(Capacity().Total));

    public static IResult LayoutIsFixed() => AdminErrors.Json(StatusCodes.Status400BadRequest, "SingleNode",
        "This store runs as one node: its layout is fixed (one role holding every partition) and has nothing to stage, apply or revert.");

    /// <summary>POST /v0/connect: one answer per address asked for, each refused (this store does not form clusters).</summary>
    public static async Task<IResult> ConnectAsync(HttpContext http)
    {
        string[]? addresses;
        try
        {
            addresses = await http.Request.ReadFromJsonAsync<string[]>(http.RequestAborted).ConfigureAwait(false);
        }
        catch (JsonException e)
        {
            return AdminErrors.Json(StatusCodes.Status400BadRequest, "InvalidRequest", "The body must be a JSON array of \"<node id>@<address>:<port>\": " + e.Message);
        }
        return Results.Json((addresses ?? []).Select(_ => new { success = false, error = "This store runs as one node and does not connect to others." }));
    }

    private object LayoutBody(long capacity) => new
    {
        version = 1,
        roles = new Dictionary<string, object> { [NodeId] = new { zone = "local", capacity, tags = new[] { Environment.MachineName } } },
        stagedRoleChanges = new Dictionary<string, object>(),
    };

    private (long Total, long Available) Capacity()
    {
        try
        {
            var drive = new DriveInfo(_dataDir);
            return (drive.TotalSize, drive.AvailableFreeSpace);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
        {
            return (0, 0);
        }
    }
}
