using Transporter.Core.Reports;
using Transporter.Core.Storage;

namespace Transporter.Worker.Tests.Copying;

public static class CopyAssert
{
    /// <summary>Every content header, Expires, user metadata entry and the MD5 are the same on both sides.</summary>
    public static void SameMetadata(ObjectMetadata source, ObjectMetadata copy)
    {
        Assert.Equal(source.Size, copy.Size);
        Assert.Equal(source.ContentType, copy.ContentType);
        Assert.Equal(source.CacheControl, copy.CacheControl);
        Assert.Equal(source.ContentDisposition, copy.ContentDisposition);
        Assert.Equal(source.ContentEncoding, copy.ContentEncoding);
        Assert.Equal(source.ContentLanguage, copy.ContentLanguage);
        Assert.Equal(source.Expires, copy.Expires);
        Assert.Equal(source.UserMetadata.OrderBy(e => e.Key, StringComparer.Ordinal), copy.UserMetadata.OrderBy(e => e.Key, StringComparer.Ordinal));
        if (source.ContentMd5 is not null && copy.ContentMd5 is not null) Assert.Equal(source.ContentMd5, copy.ContentMd5);
    }

    public static void SameTags(IReadOnlyDictionary<string, string> source, IReadOnlyDictionary<string, string> copy) =>
        Assert.Equal(source.OrderBy(e => e.Key, StringComparer.Ordinal), copy.OrderBy(e => e.Key, StringComparer.Ordinal));

    /// <summary>A successful row: no error field, times in UTC and in order, durations that fit between them.</summary>
    public static void Succeeded(ObjectReport report, string key, long size)
    {
        Assert.True(report.Succeeded, $"errors: '{report.SourceReadingErr}' '{report.DestinationWritingErr}' '{report.LyveWritingErr}' '{report.SourceDeleteErr}'");
        Assert.Equal(key, report.ObjectKey);
        Assert.Equal(size, report.BytesCopied);
        Timing(report);
    }

    public static void Timing(ObjectReport report)
    {
        Assert.Equal(TimeSpan.Zero, report.StartTime.Offset);
        Assert.Equal(TimeSpan.Zero, report.FinishTime.Offset);
        Assert.True(report.StartTime <= report.FinishTime);
        Assert.True(report.ConnectionDuration >= 0 && report.CopyDuration >= 0);
        var total = (report.FinishTime - report.StartTime).TotalSeconds;
        Assert.True(report.ConnectionDuration + report.CopyDuration <= total + 0.01,
            $"connection {report.ConnectionDuration}s + copy {report.CopyDuration}s > {total}s between start and finish");
    }

    /// <summary>A failed row: only the expected error field is set, no bytes counted, no copy flags.</summary>
    public static void FailedWith(ObjectReport report, Func<ObjectReport, string> field, string expectedText)
    {
        Assert.False(report.Succeeded);
        var text = field(report);
        Assert.Contains(expectedText, text);
        var fields = new[] { report.SourceReadingErr, report.DestinationWritingErr, report.LyveWritingErr, report.SourceDeleteErr };
        Assert.Single(fields, f => f.Length > 0);
        Assert.Equal(0, report.BytesCopied);
        Assert.Equal("", report.DestinationETag);
        Assert.False(report.TagsCopied || report.UserMetadataCopied || report.SystemMetadataCopied || report.SseEnabled);
        Timing(report);
    }
}
