using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Transporter.Core.Configuration;
using Transporter.Core.Persistence;
using Transporter.Core.Security;
using Transporter.Identity.Signatures;
using Transporter.Testing;

namespace Transporter.Identity.Tests.Signatures;

/// <summary>
/// A Kestrel app on a free loopback port wired like the platform (AddIdentityStores over a SQLite file, root key
/// from TransporterOptions, so the bootstrap creates the root) whose only endpoint authenticates each request with
/// the real authenticator, reads the body it hands out and records what it saw. Real clients (botocore, AWS SDK,
/// AWS CLI) sign requests against it. Paths under /transporter/ are authenticated for service "transporter".
/// </summary>
public sealed class AuthEchoServer : IAsyncDisposable
{
    public const string AccessKey = "ECHOROOTACCESSKEY001";
    public const string SecretKey = "echo/root+secret-key-00000000000000000001";

    private readonly WebApplication _app;

    private AuthEchoServer(WebApplication app, string url)
    {
        _app = app;
        Url = url;
    }

    public string Url { get; }

    public IServiceProvider Services => _app.Services;

    /// <summary>What the server made of each request, in arrival order.</summary>
    public ConcurrentQueue<EchoRecord> Records { get; } = new();

    public static async Task<AuthEchoServer> StartAsync(bool https = false)
    {
        var port = FreePort.Next();
        var dataDir = RepoPaths.NewTempDir("auth-echo");
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.Limits.MaxRequestBodySize = null;
            k.Listen(IPAddress.Loopback, port, listen => { if (https) listen.UseHttps(SelfSignedCertificate()); });
        });
        builder.Services.Configure<TransporterOptions>(o =>
        {
            o.DataDir = dataDir;
            o.RootAccessKey = AccessKey;
            o.RootSecretKey = SecretKey;
            o.RootName = "echo";
        });
        builder.Services.AddSingleton(Database.Sqlite(Path.Combine(dataDir, "transporter.db")));
        builder.Services.AddSingleton(new SecretProtector(RandomNumberGenerator.GetBytes(32)));
        builder.AddIdentityStores();
        var app = builder.Build();
        var server = new AuthEchoServer(app, $"{(https ? "https" : "http")}://127.0.0.1:{port}");
        app.Run(server.HandleAsync);
        await app.StartAsync();
        return server;
    }

    private async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        var service = request.Path.StartsWithSegments("/transporter") ? "transporter" : "s3";
        var authenticator = context.RequestServices.GetRequiredService<IRequestAuthenticator>();
        try
        {
            var raw = context.Features.Get<IHttpRequestFeature>()!.RawTarget;
            var signed = SignedRequest.Create(request.Method, raw, request.Host.Value ?? "", request.Headers, request.ContentLength, request.Body);
            var auth = await authenticator.AuthenticateAsync(signed, service, context.RequestAborted);
            using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            using var md5 = IncrementalHash.CreateHash(HashAlgorithmName.MD5);
            var buffer = new byte[16384];
            long length = 0;
            int n;
            while ((n = await auth.Body.ReadAsync(buffer, CancellationToken.None)) > 0)
            {
                sha.AppendData(buffer, 0, n);
                md5.AppendData(buffer, 0, n);
                length += n;
            }
            Records.Enqueue(new EchoRecord(request.Method, context.Features.Get<IHttpRequestFeature>()!.RawTarget, service,
                auth.Caller, auth.SignatureKind, request.Headers["x-amz-content-sha256"].ToString(), auth.ContentLength, length,
                Convert.ToHexStringLower(sha.GetHashAndReset()), new Dictionary<string, string>(auth.Trailers()), null));
            context.Response.Headers.ETag = $"\"{Convert.ToHexStringLower(md5.GetHashAndReset())}\"";
            context.Response.StatusCode = 200;
        }
        catch (RequestAuthenticationException e)
        {
            Records.Enqueue(new EchoRecord(request.Method, context.Features.Get<IHttpRequestFeature>()!.RawTarget, service,
                null, null, request.Headers["x-amz-content-sha256"].ToString(), null, 0, "", new Dictionary<string, string>(), e.Kind.ToString()));
            context.Response.StatusCode = StatusOf(e);
            context.Response.ContentType = "application/xml";
            await context.Response.WriteAsync($"<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>{e.Kind}</Code><Message>{System.Security.SecurityElement.Escape(e.Message)}</Message></Error>");
        }
        catch (Exception e)
        {
            // Recorded so a test sees what escaped the authenticator instead of a bare 500.
            Records.Enqueue(new EchoRecord(request.Method, context.Features.Get<IHttpRequestFeature>()!.RawTarget, service,
                null, null, "", null, 0, "", new Dictionary<string, string>(), e.GetType().FullName + ": " + e.Message));
            throw;
        }
    }

    /// <summary>The status S3 answers for the refusal (the store's S3ErrorTable), so that clients react as they would there.</summary>
    private static int StatusOf(RequestAuthenticationException e) => e.Kind switch
    {
        AuthFailureKind.AccessDenied or AuthFailureKind.InvalidAccessKeyId or AuthFailureKind.SignatureDoesNotMatch
            or AuthFailureKind.RequestTimeTooSkewed => 403,
        AuthFailureKind.NotImplemented => 501,
        AuthFailureKind.MissingContentLength => 411,
        _ => 400,
    };

    private static X509Certificate2 SelfSignedCertificate()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=127.0.0.1", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        return X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pfx), null);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

/// <summary>One request as the echo server saw it; <see cref="Error"/> is the failure kind (named after its S3 code) when it was refused.</summary>
public sealed record EchoRecord(string Method, string RawTarget, string Service, Caller? Caller, string? SignatureKind,
    string ContentSha256Header, long? ContentLength, long BytesRead, string BodySha256, Dictionary<string, string> Trailers, string? Error)
{
    public override string ToString() => new StringBuilder()
        .Append($"{Method} {RawTarget} [{Service}] kind={SignatureKind} sha256-header={ContentSha256Header} ")
        .Append($"length={ContentLength} read={BytesRead} error={Error} trailers={string.Join(',', Trailers.Select(t => t.Key + "=" + t.Value))}")
        .ToString();
}
