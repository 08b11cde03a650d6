using System.Security.Cryptography;
using System.Text;
using Transporter.Core.Storage;
using Transporter.Testing;
using static Transporter.Worker.Tests.Copying.CopierTestKit;

namespace Transporter.Worker.Tests.Copying;

/// <summary>
/// One integrity check, and a real one: the copier hashes the bytes once on their way and compares that with the
/// source's own checksum and with what the destination reports having stored; the report row carries both. A faulty
/// network path (CorruptingProxy, a test double in front of a real store) is caught whichever way it corrupts.
/// </summary>
[Collection(StoresCollection.Name)]
public sealed class ObjectCopierIntegrityTests(StoresFixture stores)
{
    [Fact]
    public async Task A_streamed_copy_reports_the_source_and_destination_checksums_it_compared()
    {
        var (source, sourceEndpoint) = await stores.NewBucketAsync(stores.First);
        var (destination, destinationEndpoint) = await stores.NewBucketAsync(stores.Second);
        var item = await PutAsync(source, "checked.bin", 300_000, seed: 5);

        var report = await NewCopier().CopyAsync(Context(source, sourceEndpoint, destination, destinationEndpoint), item, Ct);

        CopyAssert.Succeeded(report, item.Key, 300_000);
        var md5 = Convert.ToHexStringLower(MD5.HashData(new GeneratedContent(300_000, 5)));
        Assert.Equal((md5, md5, "MD5", true), (report.SourceChecksum, report.DestinationChecksum, report.ChecksumAlgorithm, report.Verified));
    }

    [Fact]
    public async Task A_multipart_copy_reports_the_destinations_composite_ETag_checked_against_its_parts()
    {
        var (source, sourceEndpoint) = await stores.NewBucketAsync(stores.First);
        var (destination, destinationEndpoint) = await stores.NewBucketAsync(stores.Second);
        var item = await PutAsync(source, "parts.bin", 12 * 1024 * 1024, seed: 6);
        var copier = NewCopier(o => (o.MultipartThreshold, o.PartSize) = (5 * 1024 * 1024, 5 * 1024 * 1024));

        var report = await copier.CopyAsync(Context(source, sourceEndpoint, destination, destinationEndpoint), item, Ct);

        CopyAssert.Succeeded(report, item.Key, 12 * 1024 * 1024);
        Assert.Equal(("MD5-of-parts", true), (report.ChecksumAlgorithm, report.Verified));
        Assert.EndsWith("-3", report.DestinationChecksum);
        Assert.Equal(report.DestinationETag, report.DestinationChecksum);
    }

    [Fact]
    public async Task A_destination_that_reports_another_checksum_than_the_bytes_sent_is_caught_and_its_copy_removed()
    {
        var (source, sourceEndpoint) = await stores.NewBucketAsync(stores.First);
        var (destination, destinationEndpoint) = await stores.NewBucketAsync(stores.Second);
        var item = await PutAsync(source, "misreported.bin", 200_000, seed: 7);
        var md5 = item.ETag!;
        // The destination's answer to the PUT carries an ETag with one hex digit changed.
        await using var proxy = new CorruptingProxy(new Uri(stores.Second.S3Url), Encoding.ASCII.GetBytes(md5), Encoding.ASCII.GetBytes(Flip(md5)));
        var throughProxy = destinationEndpoint with { Endpoint = proxy.Url };

        var report = await NewCopier().CopyAsync(Context(source, sourceEndpoint, stores.S3.Open(throughProxy), throughProxy), item, Ct);

        Assert.False(report.Succeeded);
        Assert.StartsWith("IntegrityMismatch: ", report.DestinationWritingErr);
        Assert.True(proxy.Replacements > 0);
        Assert.Null(await destination.StatAsync(item.Key, Ct));
    }

    [Fact]
    public async Task A_byte_flipped_on_its_way_from_the_source_is_caught_and_nothing_stays_at_the_destination()
    {
        var (source, sourceEndpoint) = await stores.NewBucketAsync(stores.First);
        var (destination, destinationEndpoint) = await stores.NewBucketAsync(stores.Second);
        var content = Encoding.ASCII.GetBytes(new string('a', 100_000) + "FLIP-THIS-BYTE" + new string('b', 100_000));
        await source.WriteAsync(new ObjectWriteRequest { Key = "flipped.bin", Size = content.Length }, new MemoryStream(content), Ct);
        var item = await SummaryAsync(source, "flipped.bin");
        await using var proxy = new CorruptingProxy(new Uri(stores.First.S3Url), "FLIP-THIS-BYTE"u8.ToArray(), "FLIP-THIS-BYTF"u8.ToArray());
        var throughProxy = sourceEndpoint with { Endpoint = proxy.Url };

        var report = await NewCopier().CopyAsync(Context(stores.S3.Open(throughProxy), throughProxy, destination, destinationEndpoint), item, Ct);

        Assert.False(report.Succeeded);
        Assert.Contains("IntegrityMismatch", report.SourceReadingErr + report.DestinationWritingErr);
        Assert.True(proxy.Replacements > 0);
        Assert.Null(await destination.StatAsync(item.Key, Ct));
    }

    private static string Flip(string hex) => (hex[0] == '0' ? '1' : '0') + hex[1..];
}
