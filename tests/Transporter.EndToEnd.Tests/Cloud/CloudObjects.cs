using System.Text;

namespace Transporter.EndToEnd.Tests.Cloud;

/// <summary>The object sets the cloud scenarios copy: sizes and key shapes that stress each provider, and the
/// properties (content headers, metadata with a name that is not an identifier and a non-ASCII value, tags) that
/// must survive every hop.</summary>
public static class CloudObjects
{
    public const long MiB = 1024 * 1024;

    /// <summary>Key <paramref name="i"/> of a set: plain, spaces and parentheses, non-ASCII, '+', deep paths.</summary>
    public static string Key(int i) => (i % 5) switch
    {
        0 => $"plain/object-{i:D4}.bin",
        1 => $"with space/file {i:D4} copy (1).txt",
        2 => $"unicode/caffè-☕-データ-{i:D4}",
        3 => $"plus/a+b+{i:D4}+c",
        _ => $"deep/{i % 13}/{i % 7}/{i:D4}",
    };

    /// <summary>Content headers, Expires, user metadata and tags of object <paramref name="i"/>. The metadata value
    /// "note" is not ASCII, so it travels RFC 2047 encoded, the form S3 clients send and S3 answers.</summary>
    public static ObjectProperties Rich(int i) => new()
    {
        ContentType = "text/x-transporter; charset=utf-8",
        CacheControl = "max-age=60",
        ContentDisposition = $"attachment; filename=\"object {i}.txt\"",
        ContentEncoding = "gzip",
        ContentLanguage = "it-IT",
        Expires = "Fri, 01 Jan 2038 00:00:00 GMT",
        Metadata = new Dictionary<string, string>
        {
            ["origin"] = $"object {i}",
            ["content-id"] = $"<{i}@transporter.test>",
            ["note"] = Rfc2047($"caffè ☕ {i}"),
        },
        Tags = new Dictionary<string, string> { ["project"] = "e2e", ["index"] = i.ToString(), ["path"] = "a/b:c=d+e-f.g_h" },
    };

    /// <summary>How Azure stores <see cref="Rich"/>'s metadata (docs/metadata-mapping.md): identifier names as they
    /// are, others as "transporter_m_" + escaped bytes; non-ASCII values RFC 2047 encoded; Expires in its entry.</summary>
    public static Dictionary<string, string> RichOnAzure(int i) => new()
    {
        ["origin"] = $"object {i}",
        ["transporter_m_content_2did"] = $"<{i}@transporter.test>",
        ["note"] = Rfc2047($"caffè ☕ {i}"),
        ["transporter_expires"] = "Fri, 01 Jan 2038 00:00:00 GMT",
    };

    public static string Rfc2047(string value) => $"=?UTF-8?B?{Convert.ToBase64String(Encoding.UTF8.GetBytes(value))}?=";
}
