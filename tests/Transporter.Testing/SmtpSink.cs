using System.Diagnostics;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;

namespace Transporter.Testing;

/// <summary>
/// A real SMTP server for tests: Debian's aiosmtpd (its <c>SMTP</c> protocol class run by a small script of
/// <c>/usr/bin/python3</c>) on a free loopback port, plain, with STARTTLS or SSL-on-connect under a certificate generated
/// for 127.0.0.1 (<see cref="SmtpSinkOptions"/>), and AUTH PLAIN/LOGIN required when a user is set. A handler parses
/// each message with Python's email package and prints it as one JSON line. Exposes the received messages (envelope,
/// headers, decoded text and HTML bodies, whether TLS carried them, who authenticated). Killed on dispose.
/// </summary>
public sealed class SmtpSink : IAsyncDisposable
{
    private const string Marker = "TRANSPORTER-SMTP-SINK ";


    // The server: aiosmtpd's SMTP protocol on an asyncio server, configured by one JSON argument. The handler decodes
    // MIME (multipart, base64, quoted-printable, encoded headers) so tests see what a mail client would show.
    private const string Server = """
        import asyncio, json, ssl, sys
        from email import message_from_bytes
        from email.policy import default
        from aiosmtpd.smtp import SMTP, AuthResult, LoginPassword

        config = json.loads(sys.argv[1])

        class JsonLines:
            async def handle_DATA(self, server, session, envelope):
                msg = message_from_bytes(envelope.original_content or envelope.content, policy=default)
                text = msg.get_body(preferencelist=('plain',))
                html = msg.get_body(preferencelist=('html',))
                print("TRANSPORTER-SMTP-SINK " + json.dumps({
                    "mailFrom": envelope.mail_from,
                    "recipients": envelope.rcpt_tos,
                    "headers": [[k, str(v)] for k, v in msg.items()],
                    "text": text.get_content() if text is not None else None,
                    "html": html.get_content() if html is not None else None,
                    "tls": server.transport.get_extra_info("cipher") is not None,
                    "user": session.auth_data.login.decode() if session.authenticated else None,
                }), flush=True)
                return "250 Message accepted for delivery"

        def authenticate(server, session, envelope, mechanism, auth_data):
            ok = isinstance(auth_data, LoginPassword) and auth_data == (config["user"].encode(), config["password"].encode())
            return AuthResult(success=ok, handled=False, auth_data=auth_data)

        context = None
        if config["tls"] != "none":
            context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
            context.load_cert_chain(config["cert"], config["key"])
        user = config.get("user")

        def protocol():
            return SMTP(JsonLines(), hostname="transporter-smtp-sink",
                        tls_context=context if config["tls"] == "starttls" else None,
                        require_starttls=config["tls"] == "starttls",
                        authenticator=authenticate if user else None, auth_required=bool(user),
                        # aiosmtpd knows of TLS only through STARTTLS: over SMTPS it would never offer AUTH.
                        auth_require_tls=config["tls"] == "starttls")

        loop = asyncio.new_event_loop()
        asyncio.set_event_loop(loop)
        server = loop.run_until_complete(loop.create_server(protocol, host="127.0.0.1", port=config["port"],
                                                           ssl=context if config["tls"] == "smtps" else None))
        print("listening", flush=True)
        loop.run_forever()
        """;

    private readonly Process _process;
    private readonly string _dir;
    private readonly List<ReceivedMail> _messages = [];
    private readonly List<string> _output = [];
    private readonly SemaphoreSlim _arrived = new(0);

    private SmtpSink(Process process, string dir, int port, SmtpSinkOptions options, X509Certificate2? certificate)
    {
        _process = process;
        _dir = dir;
        Port = port;
        Options = options;
        Certificate = certificate;
    }

    public int Port { get; }

    public SmtpSinkOptions Options { get; }

    /// <summary>The server's self-signed certificate (for 127.0.0.1), when it speaks TLS.</summary>
    public X509Certificate2? Certificate { get; }

    /// <summary>TRANSPORTER_SMTP_URL for this sink: smtp:// (plain), smtp://...?starttls=true or smtps://, with the
    /// user and password when it requires them.</summary>
    public string Url
    {
        get
        {
            var credentials = Options.UserName is null ? "" : $"{Uri.EscapeDataString(Options.UserName)}:{Uri.EscapeDataString(Options.Password ?? "")}@";
            return Options.Tls switch
            {
                SmtpSinkTls.StartTls => $"smtp://{credentials}127.0.0.1:{Port}?starttls=true",
                SmtpSinkTls.SslOnConnect => $"smtps://{credentials}127.0.0.1:{Port}",
                _ => $"smtp://{credentials}127.0.0.1:{Port}",
            };
        }
    }

    /// <summary>True for the sink's own certificate: what a client that trusts it (and nothing else) accepts.</summary>
    public bool Trusts(X509Certificate? presented) =>
        Certificate is not null && presented is not null && presented.GetCertHash().AsSpan().SequenceEqual(Certificate.GetCertHash());

    public IReadOnlyList<ReceivedMail> Messages
    {
        get { lock (_messages) return [.. _messages]; }
    }

    /// <summary>A plain sink: no TLS, no authentication.</summary>
    public static Task<SmtpSink> StartAsync() => StartAsync(new SmtpSinkOptions());

    public static async Task<SmtpSink> StartAsync(SmtpSinkOptions options)
    {
        var dir = RepoPaths.NewTempDir("smtp-sink");
        var script = Path.Combine(dir, "transporter_smtp_sink.py");
        await File.WriteAllTextAsync(script, Server);
        X509Certificate2? certificate = null;
        if (options.Tls != SmtpSinkTls.None)
            certificate = await WriteCertificateAsync(Path.Combine(dir, "cert.pem"), Path.Combine(dir, "key.pem"));
        var port = FreePort.Next();
        var config = JsonSerializer.Serialize(new Dictionary<string, object?>
        {
            ["port"] = port,
            ["tls"] = options.Tls switch { SmtpSinkTls.StartTls => "starttls", SmtpSinkTls.SslOnConnect => "smtps", _ => "none" },
            ["cert"] = Path.Combine(dir, "cert.pem"),
            ["key"] = Path.Combine(dir, "key.pem"),
            ["user"] = options.UserName,
            ["password"] = options.Password,
        });
        var info = new ProcessStartInfo("/usr/bin/python3")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { "-u", script, config }) info.ArgumentList.Add(arg);
        var process = Process.Start(info) ?? throw new InvalidOperationException("cannot start aiosmtpd");
        var sink = new SmtpSink(process, dir, port, options, certificate);
        process.OutputDataReceived += (_, e) => sink.OnLine(e.Data);
        process.ErrorDataReceived += (_, e) => sink.OnLine(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (true)
        {
            if (process.HasExited) throw new InvalidOperationException($"aiosmtpd exited with {process.ExitCode}: {sink.Output}");
            try
            {
                using var probe = new TcpClient();
                await probe.ConnectAsync("127.0.0.1", port);
                return sink;
            }
            catch (SocketException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(100);
            }
        }
    }

    /// <summary>A self-signed certificate for 127.0.0.1 and localhost, written as PEM for Python's ssl module.</summary>
    private static async Task<X509Certificate2> WriteCertificateAsync(string certPath, string keyPath)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=transporter-smtp-sink", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(System.Net.IPAddress.Loopback);
        names.AddDnsName("localhost");
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], critical: false));
        var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
        await File.WriteAllTextAsync(certPath, certificate.ExportCertificatePem());
        await File.WriteAllTextAsync(keyPath, key.ExportPkcs8PrivateKeyPem());
        return certificate;
    }

    /// <summary>What aiosmtpd printed besides messages (errors), for failure messages.</summary>
    public string Output
    {
        get { lock (_output) return string.Join('\n', _output); }
    }

    /// <summary>The first received message matching <paramref name="match"/> (any when null), waiting for it.</summary>
    public async Task<ReceivedMail> WaitForMessageAsync(Func<ReceivedMail, bool>? match = null, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
        while (true)
        {
            var found = Messages.FirstOrDefault(m => match is null || match(m));
            if (found is not null) return found;
            var left = deadline - DateTime.UtcNow;
            if (left <= TimeSpan.Zero || !await _arrived.WaitAsync(left))
                throw new TimeoutException($"no matching mail within {timeout ?? TimeSpan.FromSeconds(30)}; received {Messages.Count}; sink output:\n{Output}");
        }
    }

    private void OnLine(string? line)
    {
        if (line is null) return;
        if (!line.StartsWith(Marker, StringComparison.Ordinal))
        {
            lock (_output) _output.Add(line);
            return;
        }
        var json = JsonDocument.Parse(line[Marker.Length..]).RootElement;
        var mail = new ReceivedMail(
            json.GetProperty("mailFrom").GetString() ?? "",
            [.. json.GetProperty("recipients").EnumerateArray().Select(r => r.GetString() ?? "")],
            [.. json.GetProperty("headers").EnumerateArray().Select(h => KeyValuePair.Create(h[0].GetString() ?? "", h[1].GetString() ?? ""))],
            json.GetProperty("text").GetString(),
            json.GetProperty("html").GetString(),
            json.GetProperty("tls").GetBoolean(),
            json.GetProperty("user").GetString());
        lock (_messages) _messages.Add(mail);
        _arrived.Release();
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
        Certificate?.Dispose();
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { }
    }

    /// <summary>One message as received: envelope sender and recipients, headers (decoded), text and HTML bodies, whether
    /// it came over TLS and the user that authenticated (null without AUTH).</summary>
    public sealed record ReceivedMail(
        string MailFrom, IReadOnlyList<string> Recipients, IReadOnlyList<KeyValuePair<string, string>> Headers, string? Text, string? Html,
        bool OverTls, string? AuthenticatedUser)
    {
        public string? Header(string name) =>
            Headers.FirstOrDefault(h => string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase)).Value;

        public string? Subject => Header("Subject");
    }
}
