namespace Transporter.Connectors.S3;

/// <summary>
/// The SDK asks for "Expect: 100-continue" on every PutObject and UploadPart, so each upload waits one extra round
/// trip for the server's go-ahead before sending its body: at cloud latency that wait costs a small object as much as
/// its whole transfer. Bodies under <see cref="ThresholdBytes"/> (2 MiB, the threshold of the AWS SDKs for Go and
/// Kotlin) go at once; larger ones keep the handshake, which spares sending them to a server that refuses the request.
/// The header is not part of the signature (the SDK sets it on the HTTP message, not among the signed headers).
/// </summary>
internal sealed class SmallBodyExpectContinueHandler : DelegatingHandler
{
    public const long ThresholdBytes = 2 * 1024 * 1024;

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (request.Headers.ExpectContinue == true && request.Content?.Headers.ContentLength is < ThresholdBytes)
            request.Headers.ExpectContinue = false;
        return base.SendAsync(request, cancellationToken);
    }
}
