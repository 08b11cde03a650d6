using System.Globalization;
using System.Text;

namespace Transporter.Core.Hosting;

/// <summary>The bytes of a refusal: status line, headers, body; the connection always closes after it.</summary>
public static class RefusalResponse
{
    public static byte[] Build(int status, string contentType, byte[] body, IEnumerable<KeyValuePair<string, string>>? headers = null)
    {
        var head = new StringBuilder()
            .Append(CultureInfo.InvariantCulture, $"HTTP/1.1 {status} {ReasonPhrase(status)}\r\n")
            .Append(CultureInfo.InvariantCulture, $"Content-Type: {contentType}\r\n")
            .Append(CultureInfo.InvariantCulture, $"Content-Length: {body.Length}\r\n")
            .Append("Connection: close\r\n")
            .Append(CultureInfo.InvariantCulture, $"Date: {DateTimeOffset.UtcNow.ToString("r", CultureInfo.InvariantCulture)}\r\n");
        foreach (var (name, value) in headers ?? []) head.Append(CultureInfo.InvariantCulture, $"{name}: {value}\r\n");
        head.Append("\r\n");
        var bytes = Encoding.ASCII.GetBytes(head.ToString());
        return [.. bytes, .. body];
    }

    private static string ReasonPhrase(int status) => status switch
    {
        400 => "Bad Request",
        403 => "Forbidden",
        408 => "Request Timeout",
        411 => "Length Required",
        413 => "Payload Too Large",
        414 => "URI Too Long",
        431 => "Request Header Fields Too Large",
        _ => "Error",
    };
}
