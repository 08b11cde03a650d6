using Google.Apis.Services;
using Google.Apis.Upload;
using GcsObject = Google.Apis.Storage.v1.Data.Object;

namespace Transporter.Connectors.Gcs;

/// <summary>
/// The SDK's resumable upload (chunks, their retries, the status query after a failed chunk) into a session begun earlier
/// by this process or another one. Unlike <see cref="ResumableUpload.CreateFromUploadUri"/> it keeps the object resource
/// GCS answers the last chunk with (<see cref="ResumableUpload{TRequest,TResponse}.ResponseBody"/>): its md5Hash is what
/// the copy is checked against.
/// </summary>
internal sealed class GcsSessionUpload(IClientService service, Uri session, Stream content)
    : ResumableUpload<GcsObject, GcsObject>(service, "", "PUT", content, null)
{
    public override Task<Uri> InitiateSessionAsync(CancellationToken cancellationToken = default) => Task.FromResult(session);
}
