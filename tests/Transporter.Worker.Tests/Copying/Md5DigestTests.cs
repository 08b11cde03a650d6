using System.Security.Cryptography;
using System.Text;
using Transporter.Worker.Copying;

namespace Transporter.Worker.Tests.Copying;

public sealed class Md5DigestTests
{
    [Fact]
    public void A_plain_hex_etag_converts_to_the_base64_content_md5()
    {
        var md5 = MD5.HashData(Encoding.ASCII.GetBytes("hello"));

        Assert.Equal(Convert.ToBase64String(md5), Md5Digest.Base64FromHex(Convert.ToHexStringLower(md5)));
        Assert.Null(Md5Digest.Base64FromHex("0x8DC1234567890AB"));
        Assert.Null(Md5Digest.Base64FromHex(Convert.ToHexStringLower(md5) + "-2"));
    }

    [Fact]
    public void The_composite_etag_is_the_md5_of_the_part_md5s()
    {
        // Two parts "hello" and "world": S3 answers hex(MD5(MD5("hello") || MD5("world"))) + "-2".
        var digests = MD5.HashData(Encoding.ASCII.GetBytes("hello")).Concat(MD5.HashData(Encoding.ASCII.GetBytes("world"))).ToArray();
        var expected = Convert.ToHexStringLower(MD5.HashData(digests));

        Assert.True(Md5Digest.TryParseComposite($"{expected}-2", out var hex, out var parts));
        Assert.Equal((expected, 2), (hex, parts));
        Assert.Equal(expected, Md5Digest.CompositeHex(digests));
        Assert.False(Md5Digest.TryParseComposite(expected, out _, out _));
    }
}
