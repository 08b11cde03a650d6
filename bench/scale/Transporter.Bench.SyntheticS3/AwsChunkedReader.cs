using System.Text;

namespace Transporter.Bench.SyntheticS3;

/// <summary>Reads a request body, undoing aws-chunked framing ("size;chunk-signature=...\r\n data \r\n", ending with a
/// zero-size chunk and optional trailers) when the client used it; signatures are not checked (a benchmark peer).</summary>
public static class AwsChunkedReader
{
    public static async Task<byte[]> ReadAsync(HttpRequest request)
    {
        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer);
        var raw = buffer.ToArray();
        var sha = request.Headers["x-amz-content-sha256"].ToString();
        var chunked = sha.StartsWith("STREAMING-", StringComparison.Ordinal) || request.Headers.ContentEncoding.ToString().Contains("aws-chunked");
        return chunked ? Decode(raw) : raw;
    }

    private static byte[] Decode(byte[] raw)
    {
        using var data = new MemoryStream();
        var position = 0;
        while (position < raw.Length)
        {
            var lineEnd = IndexOfCrLf(raw, position);
            if (lineEnd < 0) break;
            var header = Encoding.ASCII.GetString(raw, position, lineEnd - position);
            var size = Convert.ToInt32(header.Split(';')[0], 16);
            position = lineEnd + 2;
            if (size == 0) break;
            data.Write(raw, position, size);
            position += size + 2;
        }
        return data.ToArray();
    }

    private static int IndexOfCrLf(byte[] bytes, int from)
    {
        for (var i = from; i + 1 < bytes.Length; i++)
            if (bytes[i] == '\r' && bytes[i + 1] == '\n') return i;
        return -1;
    }
}
