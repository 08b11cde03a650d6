using Azure.Core;
using Azure.Core.Pipeline;
using Transporter.Core.Storage;

namespace Transporter.Connectors.Azure;

/// <summary>
/// For requests that carry an object's bytes (an <see cref="UploadContent"/> attached with <see cref="Scope"/>):
/// before every attempt the content is rewound, or the attempt is refused when bytes already sent cannot be read
/// again (a non-seekable source); and the network timeout is lifted, because at a migration's bandwidth limit a
/// large block may legitimately take far longer than the SDK's 100 s.
/// </summary>
internal sealed class AzureUploadPolicy : HttpPipelinePolicy
{
    private const string ContentProperty = "Transporter.UploadContent";

    public static readonly AzureUploadPolicy Instance = new();

    /// <summary>Attaches <paramref name="content"/> to the requests the SDK makes until the scope is disposed.</summary>
    public static IDisposable Scope(UploadContent content) =>
        HttpPipeline.CreateHttpMessagePropertiesScope(new Dictionary<string, object?> { [ContentProperty] = content });

    public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        Prepare(message);
        ProcessNext(message, pipeline);
    }

    public override ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        Prepare(message);
        return ProcessNextAsync(message, pipeline);
    }

    private static void Prepare(HttpMessage message)
    {
        if (!message.TryGetProperty(ContentProperty, out var value) || value is not UploadContent content) return;
        message.NetworkTimeout = Timeout.InfiniteTimeSpan;
        if (!content.Rewind())
            throw new ObjectStoreException(ObjectStoreErrorKind.Transient, "NotReplayable",
                "the upload failed part-way and its content stream cannot be read again");
    }
}
