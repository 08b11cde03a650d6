namespace Transporter.Core.Hosting;

/// <summary>
/// Writes, in one listener's own protocol, the answer to a request the web server refused before any application code
/// saw it (headers over the limit, a request line too long, %00 in the path...). The server's own answer has an empty
/// body; the host's connection layer replaces it with what the renderer of the listener's port returns.
/// </summary>
public interface IRefusalRenderer
{
    /// <summary>The local port whose refusals this renderer writes.</summary>
    int Port { get; }

    /// <summary>The whole HTTP/1.1 response (see <see cref="RefusalResponse"/>) for a refusal with the server's
    /// <paramref name="serverStatus"/>, given the first bytes of the refused request's head.</summary>
    byte[] Render(int serverStatus, ReadOnlySpan<byte> requestHead);
}
