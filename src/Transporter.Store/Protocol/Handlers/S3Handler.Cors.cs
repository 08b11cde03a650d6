using Transporter.Store.Engine;
using Transporter.Store.Protocol.Cors;
using Transporter.Store.Protocol.Errors;

namespace Transporter.Store.Protocol.Handlers;

internal sealed partial class S3Handler
{
    private async Task GetBucketCorsAsync(S3Request r)
    {
        var stored = engine.GetBucketSetting(r.Owner, r.Bucket, BucketSettingNames.Cors) ?? throw new S3Exception("NoSuchCORSConfiguration");
        await SendStoredXmlAsync(r, stored).ConfigureAwait(false);
    }

    private async Task PutBucketCorsAsync(S3Request r)
    {
        var configuration = CorsConfiguration.Parse(await ReadConfigurationAsync(r).ConfigureAwait(false));
        await engine.PutBucketSettingAsync(r.Owner, r.Bucket, BucketSettingNames.Cors, configuration.ToXml(), r.Aborted).ConfigureAwait(false);
        await OkEmptyAsync(r).ConfigureAwait(false);
    }

    private async Task DeleteBucketCorsAsync(S3Request r)
    {
        await engine.PutBucketSettingAsync(r.Owner, r.Bucket, BucketSettingNames.Cors, null, r.Aborted).ConfigureAwait(false);
        await NoContentAsync(r).ConfigureAwait(false);
    }

    private async Task PutBucketLifecycleAsync(S3Request r)
    {
        await engine.PutBucketLifecycleAsync(r.Owner, r.Bucket, await ReadConfigurationAsync(r).ConfigureAwait(false), r.Aborted).ConfigureAwait(false);
        await OkEmptyAsync(r).ConfigureAwait(false);
    }

    private async Task DeleteBucketLifecycleAsync(S3Request r)
    {
        await engine.PutBucketSettingAsync(r.Owner, r.Bucket, StorageEngine.LifecycleSetting, null, r.Aborted).ConfigureAwait(false);
        await NoContentAsync(r).ConfigureAwait(false);
    }

    /// <summary>A configuration document the store keeps in its canonical XML form, sent as it is.</summary>
    private static async Task SendStoredXmlAsync(S3Request r, string xml)
    {
        var bytes = System.Text.Encoding.UTF8.GetBytes(xml);
        r.Response.StatusCode = 200;
        r.Response.ContentType = "application/xml";
        r.Response.ContentLength = bytes.Length;
        await r.Response.Body.WriteAsync(bytes, r.Aborted).ConfigureAwait(false);
    }
}
