using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Net;
using System.Numerics;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Transporter.Core.Storage;

namespace Transporter.Testing.Gcs;

/// <summary>
/// A FAKE Google Cloud Storage: no real GCS server can run here, so this small Kestrel app answers the documented
/// JSON API as Google.Cloud.Storage.V1 calls it (objects list/get/media/delete/rewrite, multipart and chunked
/// resumable uploads with their status queries and cancellation, sessions that outlive the client that began them,
/// buckets list) and OAuth2 token
/// endpoint (JWT-bearer grant, verified against the service account's public key) from in-memory state.
/// Tests can script faults (error answers, connections dropped mid-chunk) and revoke tokens.
/// </summary>
public sealed partial class FakeGcsServer : IAsyncDisposable
{
    public const string ProjectId = "fake-project";
    public const string ClientEmail = "transporter@fake-project.iam.gserviceaccount.com";
    public const string PrivateKeyId = "fake-key-1";

    private readonly WebApplication _app;
    private readonly object _lock = new();
    private readonly Dictionary<string, SortedDictionary<string, StoredObject>> _buckets = new();
    private readonly ConcurrentQueue<Func<RequestInfo, ScriptedFault?>> _faults = new();
    private long _generation = 1_700_000_000_000_000;

    private FakeGcsServer(WebApplication app, RSA key)
    {
        _app = app;
        ServiceAccountKey = key;
    }

    /// <summary>The service account's key: the fake token endpoint accepts assertions signed with it.</summary>
    public RSA ServiceAccountKey { get; }

    public string BaseUrl { get; private set; } = "";

    public string TokenUri => BaseUrl + "/token";

    /// <summary>Every request seen, in order.</summary>
    public ConcurrentQueue<RequestInfo> Requests { get; } = new();

    /// <summary>Objects listed per objects.list page unless maxResults asks for fewer; buckets per buckets.list page.</summary>
    public int BucketPageSize { get; set; } = 1000;

    public static async Task<FakeGcsServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.WebHost.ConfigureKestrel(k => k.Limits.MaxRequestBodySize = null);
        var app = builder.Build();
        var server = new FakeGcsServer(app, RSA.Create(2048));
        app.Run(server.HandleAsync);
        await app.StartAsync();
        server.BaseUrl = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return server;
    }

    /// <summary>A gcp-native endpoint for <paramref name="bucket"/> on this server, signed in with <see cref="KeyFile"/>.</summary>
    /// <param name="apiPath">Where the JSON API is under <see cref="BaseUrl"/>.</param>
    public Transporter.Core.Endpoints.EndpointConfig EndpointFor(string bucket, string apiPath = "/storage/v1/") => new()
    {
        Type = Transporter.Core.Endpoints.EndpointType.GcpNative,
        Bucket = bucket,
        Endpoint = BaseUrl + apiPath,
        GcsConfig = KeyFile(),
    };

    /// <summary>The key file GCP hands out for a service account, pointing its token_uri at this server.</summary>
    public JsonElement KeyFile(RSA? key = null) => JsonSerializer.SerializeToElement(new Dictionary<string, string>
    {
        ["type"] = "service_account",
        ["project_id"] = ProjectId,
        ["private_key_id"] = PrivateKeyId,
        ["private_key"] = (key ?? ServiceAccountKey).ExportPkcs8PrivateKeyPem(),
        ["client_email"] = ClientEmail,
        ["client_id"] = "1234567890",
        ["auth_uri"] = "https://accounts.google.com/o/oauth2/auth",
        ["token_uri"] = TokenUri,
    });

    public void CreateBucket(string name)
    {
        lock (_lock) _buckets.TryAdd(name, new SortedDictionary<string, StoredObject>(KeyOrder.Instance));
    }

    /// <summary>The stored object resource (as GCS would return it), or null.</summary>
    public JsonObject? ObjectResource(string bucket, string name)
    {
        lock (_lock) return _buckets.TryGetValue(bucket, out var objects) && objects.TryGetValue(name, out var o) ? o.Resource(bucket) : null;
    }

    /// <summary>Makes the stored object a composite one, as a parallel composite upload (or objects.compose) leaves it: GCS
    /// reports no md5Hash for it, only its crc32c.</summary>
    public void MakeComposite(string bucket, string name)
    {
        lock (_lock) _buckets[bucket][name].Composite = true;
    }

    /// <summary>The next request that <paramref name="fault"/> returns a fault for is spoiled that way (once).</summary>
    public void InjectFault(Func<RequestInfo, ScriptedFault?> fault) => _faults.Enqueue(fault);

    private async Task HandleAsync(HttpContext context)
    {
        var raw = context.Features.Get<IHttpRequestFeature>()!.RawTarget;
        var queryStart = raw.IndexOf('?');
        var path = queryStart < 0 ? raw : raw[..queryStart];
        var info = new RequestInfo(context.Request.Method, path,
            [.. path.Split('/', StringSplitOptions.RemoveEmptyEntries).Select(Uri.UnescapeDataString)],
            context.Request.Query.ToDictionary(q => q.Key, q => q.Value.ToString()),
            context.Request.Headers.Authorization.ToString().Replace("Bearer ", ""),
            context.Request.Headers.Range.ToString(),
            context.Request.Headers.ContentRange.ToString(),
            context.Request.Headers.AcceptEncoding.ToString());
        Requests.Enqueue(info);
        // Google's client libraries gzip JSON request bodies, as GCS accepts.
        if (context.Request.Headers.ContentEncoding.ToString() == "gzip")
            context.Request.Body = new System.IO.Compression.GZipStream(context.Request.Body, System.IO.Compression.CompressionMode.Decompress);
        if (info.Path == "/token")
        {
            await TokenAsync(context);
            return;
        }
        if (!TokenIsValid(info.Token))
        {
            await ErrorAsync(context, 401, "authError", "Invalid Credentials");
            return;
        }
        var fault = NextFault(info);
        if (fault?.Status is { } status)
        {
            await ErrorAsync(context, status, fault.Reason, fault.Message);
            return;
        }
        var s = info.Segments;
        switch (context.Request.Method, s.Length)
        {
            case ("POST", 6) when s[0] == "upload" && s[3] == "b" && s[5] == "o":
                await StartUploadAsync(context, info, s[4]);
                break;
            case ("PUT", 6) when s[0] == "upload" && s[3] == "b" && s[5] == "o":
                await PutChunkAsync(context, info, fault?.DropAfterBytes);
                break;
            case ("DELETE", 6) when s[0] == "upload" && s[3] == "b" && s[5] == "o":
                await CancelSessionAsync(context, info);
                break;
            case ("GET", 3) when s is ["storage", "v1", "b"]:
                await ListBucketsAsync(context, info);
                break;
            case ("GET", 5) when s[0] == "storage" && s[2] == "b" && s[4] == "o":
                await ListObjectsAsync(context, info, s[3]);
                break;
            case ("GET", 6) when s[0] == "storage" && s[2] == "b" && s[4] == "o" && info.Query.GetValueOrDefault("alt") != "media":
                await GetObjectAsync(context, info, s[3], s[5]);
                break;
            case ("GET", 6) when s[0] == "storage" && s[2] == "b" && s[4] == "o":
            case ("GET", 7) when s[0] == "download" && s[3] == "b" && s[5] == "o":
                await MediaAsync(context, info, s[^3], s[^1], fault?.DropAfterBytes);
                break;
            case ("POST", 11) when s[0] == "storage" && s[2] == "b" && s[4] == "o" && s[6] == "rewriteTo" && s[7] == "b" && s[9] == "o":
                await RewriteAsync(context, s[3], s[5], s[8], s[^1]);
                break;
            case ("DELETE", 6) when s[0] == "storage" && s[2] == "b" && s[4] == "o":
                await DeleteObjectAsync(context, s[3], s[5]);
                break;
            default:
                await ErrorAsync(context, 404, "notFound", $"Not Found: {info.Method} {info.Path}");
                break;
        }
    }

    private ScriptedFault? NextFault(RequestInfo info)
    {
        var count = _faults.Count;
        for (var i = 0; i < count && _faults.TryDequeue(out var candidate); i++)
        {
            if (candidate(info) is { } fault) return fault;
            _faults.Enqueue(candidate);
        }
        return null;
    }

    /// <summary>The JSON API's error body.</summary>
    private static Task ErrorAsync(HttpContext context, int status, string reason, string message)
    {
        context.Response.StatusCode = status;
        return context.Response.WriteAsJsonAsync(new
        {
            error = new { code = status, message, errors = new[] { new { message, domain = "global", reason } } },
        });
    }

    private static Task BucketMissingAsync(HttpContext context) => ErrorAsync(context, 404, "notFound", "The specified bucket does not exist.");

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        ServiceAccountKey.Dispose();
    }

    /// <summary>One request as the fake saw it (path segments unescaped).</summary>
    public sealed record RequestInfo(
        string Method, string Path, string[] Segments, Dictionary<string, string> Query, string Token, string Range, string ContentRange, string AcceptEncoding);

    private sealed class StoredObject
    {
        public required string Name { get; init; }
        public required byte[] Data { get; init; }
        public required long Generation { get; init; }
        public required DateTimeOffset Updated { get; init; }
        public required JsonObject Metadata { get; init; }
        public bool Composite { get; set; }

        /// <summary>Base64 MD5 of the data, computed once.</summary>
        public string Md5 => _md5 ??= Convert.ToBase64String(MD5.HashData(Data));

        /// <summary>Base64 CRC32C (Castagnoli, big-endian) of the data, computed once.</summary>
        public string Crc32c => _crc32c ??= Crc32cOf(Data);

        private string? _md5, _crc32c;

        public JsonObject Resource(string bucket)
        {
            var resource = (JsonObject)Metadata.DeepClone();
            resource["kind"] = "storage#object";
            resource["id"] = $"{bucket}/{Name}/{Generation}";
            resource["name"] = Name;
            resource["bucket"] = bucket;
            resource["generation"] = Generation.ToString();
            resource["metageneration"] = "1";
            resource["size"] = Data.Length.ToString();
            if (Composite) resource["componentCount"] = 2;
            else resource["md5Hash"] = Md5;
            resource["crc32c"] = Crc32c;
            resource["etag"] = Convert.ToBase64String(BitConverter.GetBytes(Generation));
            resource["timeCreated"] = Updated.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'");
            resource["updated"] = Updated.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'");
            resource["storageClass"] ??= "STANDARD";
            resource["contentType"] ??= "application/octet-stream";
            return resource;
        }

        private static string Crc32cOf(byte[] data)
        {
            var crc = uint.MaxValue;
            var rest = data.AsSpan();
            for (; rest.Length >= 8; rest = rest[8..]) crc = BitOperations.Crc32C(crc, BinaryPrimitives.ReadUInt64LittleEndian(rest));
            foreach (var b in rest) crc = BitOperations.Crc32C(crc, b);
            var bigEndian = new byte[4];
            BinaryPrimitives.WriteUInt32BigEndian(bigEndian, ~crc);
            return Convert.ToBase64String(bigEndian);
        }
    }
}

/// <summary>How <see cref="FakeGcsServer"/> spoils a request: an error answer, or (chunk uploads) reading part of the body then dropping the connection.</summary>
public sealed record ScriptedFault(int? Status = null, string Reason = "", string Message = "", int? DropAfterBytes = null)
{
    public static ScriptedFault Error(HttpStatusCode status, string reason, string message) => new((int)status, reason, message);

    public static ScriptedFault DropConnectionAfter(int bytes) => new(DropAfterBytes: bytes);
}
