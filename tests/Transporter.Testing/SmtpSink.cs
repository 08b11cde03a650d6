using System.Diagnostics;
using System.Net.Sockets;
using System.Text.Json;

namespace Transporter.Testing;

/// <summary>
/// A real SMTP server for tests: Debian's aiosmtpd (<c>/usr/bin/python3 -m aiosmtpd</c>) on a free loopback port,
/// with a small handler that parses each message with Python's email package and prints it as one JSON line.
/// Exposes the received messages (envelope, headers, decoded text and HTML bodies). Killed on dispose.
/// </summary>
public sealed class SmtpSink : IAsyncDisposable
{
    private const string Marker = "TRANSPORTER-SMTP-SINK ";

    // aiosmtpd's -c takes a handler class by dotted path; this one decodes MIME (multipart, base64,
    // quoted-printable, encoded headers) so tests see what a mail client would show.
    private const string Handler = """
        import json
        from email import message_from_bytes
        from email.policy import default

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
                }), flush=True)
                return "250 Message accepted for delivery"
        """;

    private readonly Process _process;
    private readonly string _dir;
    private readonly List<ReceivedMail> _messages = [];
    private readonly List<string> _output = [];
    private readonly SemaphoreSlim _arrived = new(0);

    private SmtpSink(Process process, string dir, int port)
    {
        _process = process;
        _dir = dir;
        Port = port;
    }

    public int Port { get; }

    /// <summary>TRANSPORTER_SMTP_URL for this sink (plain SMTP, no STARTTLS, no authentication).</summary>
    public string Url => $"smtp://127.0.0.1:{Port}";

    public IReadOnlyList<ReceivedMail> Messages
    {
        get { lock (_messages) return [.. _messages]; }
    }

    public static async Task<SmtpSink> StartAsync()
    {
        var dir = RepoPaths.NewTempDir("smtp-sink");
        await File.WriteAllTextAsync(Path.Combine(dir, "transporter_smtp_sink.py"), Handler);
        var port = FreePort.Next();
        var info = new ProcessStartInfo("/usr/bin/python3")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { "-u", "-m", "aiosmtpd", "-n", "-l", $"127.0.0.1:{port}", "-c", "transporter_smtp_sink.JsonLines" })
            info.ArgumentList.Add(arg);
        info.Environment["PYTHONPATH"] = dir;
        var process = Process.Start(info) ?? throw new InvalidOperationException("cannot start aiosmtpd");
        var sink = new SmtpSink(process, dir, port);
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
            json.GetProperty("html").GetString());
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
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { }
    }

    /// <summary>One message as received: envelope sender and recipients, headers (decoded), text and HTML bodies.</summary>
    public sealed record ReceivedMail(
        string MailFrom, IReadOnlyList<string> Recipients, IReadOnlyList<KeyValuePair<string, string>> Headers, string? Text, string? Html)
    {
        public string? Header(string name) =>
            Headers.FirstOrDefault(h => string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase)).Value;

        public string? Subject => Header("Subject");
    }
}
