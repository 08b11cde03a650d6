using Transporter.Core.Reports;

namespace Transporter.Core.Tests.Reports;

public class DownloadTokenTests
{
    [Fact]
    public void Tokens_carry_256_random_bits_in_url_safe_text_and_only_their_hash_is_kept()
    {
        var tokens = Enumerable.Range(0, 1000).Select(_ => DownloadToken.Create()).ToList();

        Assert.Equal(1000, tokens.Select(t => t.Token).Distinct().Count());
        Assert.All(tokens, t =>
        {
            Assert.Equal(43, t.Token.Length); // 32 bytes, base64 without padding
            Assert.Matches("^[A-Za-z0-9_-]+$", t.Token);
            Assert.Equal(64, t.Hash.Length);
            Assert.DoesNotContain(t.Token, t.Hash);
            Assert.Equal(t.Hash, DownloadToken.Hash(t.Token));
        });
        Assert.Equal(Uri.EscapeDataString(tokens[0].Token), tokens[0].Token);
    }

    [Fact]
    public void Only_the_exact_token_matches_its_hash()
    {
        var (token, hash) = DownloadToken.Create();

        Assert.True(DownloadToken.Matches(token, hash));
        Assert.True(DownloadToken.Matches(token, hash.ToUpperInvariant()));
        Assert.False(DownloadToken.Matches(token[..^1], hash));
        Assert.False(DownloadToken.Matches(token + "A", hash));
        Assert.False(DownloadToken.Matches(token.ToUpperInvariant(), hash));
        Assert.False(DownloadToken.Matches(hash, hash));
        Assert.False(DownloadToken.Matches("", hash));
        Assert.False(DownloadToken.Matches(null, hash));
        Assert.False(DownloadToken.Matches(token, null));
        Assert.False(DownloadToken.Matches(token, "not hex"));
        Assert.False(DownloadToken.Matches(new string('a', 10_000), hash));
    }
}
