namespace Transporter.Connectors.S3;

/// <summary>Hands each response to an active <see cref="RawResponseHeaders"/> capture before the SDK parses it.</summary>
internal sealed class RawResponseHeadersHandler : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken ct)
    {
        var response = await base.SendAsync(request, ct);
        RawResponseHeaders.Record(response);
        return response;
    }
}
