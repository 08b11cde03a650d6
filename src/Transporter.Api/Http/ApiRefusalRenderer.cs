using System.Text.Json;
using Transporter.Core.Hosting;

namespace Transporter.Api.Http;

/// <summary>The API's JSON error (<see cref="ApiError"/>) for a request the web server refused before the API saw it;
/// the status stays the server's.</summary>
public sealed class ApiRefusalRenderer(int port) : IRefusalRenderer
{
    public int Port => port;

    public byte[] Render(int serverStatus, ReadOnlySpan<byte> requestHead)
    {
        var error = serverStatus switch
        {
            431 => new ApiError("Request headers too large", "The request's header section exceeds the server's limit (32 KiB in all, 8 KiB per request line)."),
            414 => new ApiError("URI too long", "The request line exceeds the server's limit of 8 KiB."),
            411 => new ApiError("Length required", "A request with a body must announce its Content-Length or use chunked transfer encoding."),
            413 => new ApiError("Request body too large", "The request body exceeds the server's limit."),
            408 => new ApiError("Request timeout", "The request's head or body did not arrive in time."),
            _ => new ApiError("Bad request", "The request is not valid HTTP/1.1 (for example a control character or %00 in the path, or a malformed header)."),
        };
        return RefusalResponse.Build(serverStatus, "application/json; charset=utf-8", JsonSerializer.SerializeToUtf8Bytes(error));
    }
}
