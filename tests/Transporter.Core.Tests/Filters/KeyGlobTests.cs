using Transporter.Core.Filters;

namespace Transporter.Core.Tests.Filters;

public class KeyGlobTests
{
    [Theory]
    [InlineData("*.jpg", "a.jpg", true)]
    [InlineData("*.jpg", "photos/2024/a.jpg", true)]
    [InlineData("*.jpg", "a.jpeg", false)]
    [InlineData("*.jpg", "a.jpg/b", false)]
    [InlineData("/*.jpg", "a.jpg", true)]
    [InlineData("/*.jpg", "photos/a.jpg", false)]
    [InlineData("photos/*.jpg", "x/photos/a.jpg", true)]
    [InlineData("photos/*.jpg", "xphotos/a.jpg", false)]
    [InlineData("photos/*.jpg", "photos/2024/a.jpg", false)]
    [InlineData("/photos/**", "photos/2024/a.jpg", true)]
    [InlineData("/photos/**", "other/photos/a.jpg", false)]
    [InlineData("**/tmp/**", "a/tmp/b/c", true)]
    [InlineData("file?.txt", "file1.txt", true)]
    [InlineData("file?.txt", "file/.txt", false)]
    [InlineData("file?.txt", "file10.txt", false)]
    [InlineData("[a-c]*", "beta", true)]
    [InlineData("[a-c]*", "delta", false)]
    [InlineData("[!a-c]*", "delta", true)]
    [InlineData("[!a-c]*", "alpha", false)]
    [InlineData("*.{jpg,png}", "a.png", true)]
    [InlineData("*.{jpg,png}", "a.gif", false)]
    [InlineData("log-\\*.txt", "log-*.txt", true)]
    [InlineData("log-\\*.txt", "log-1.txt", false)]
    [InlineData("a+b (1).txt", "a+b (1).txt", true)]
    [InlineData("a+b (1).txt", "aab (1).txt", false)]
    [InlineData("[]]x", "]x", true)]
    [InlineData("été/*", "été/photo", true)]
    public void Matches_keys_by_rclone_rules(string pattern, string key, bool expected)
    {
        var glob = KeyGlob.TryCompile(pattern, out var error);

        Assert.Null(error);
        Assert.Equal(expected, glob!.Matches(key));
    }

    [Theory]
    [InlineData("", "must not be empty")]
    [InlineData("[abc", "not closed by ']'")]
    [InlineData("*.{jpg,png", "not closed by '}'")]
    [InlineData("a}b", "closes no '{'")]
    [InlineData("{a,{b,c}}", "inside another")]
    [InlineData("trailing\\", "must not end with")]
    [InlineData("[z-a]", "backwards")]
    public void Refuses_malformed_patterns_with_the_reason(string pattern, string expected)
    {
        Assert.Null(KeyGlob.TryCompile(pattern, out var error));
        Assert.Contains(expected, error);
    }

    [Fact]
    public void A_pattern_made_to_backtrack_matches_a_long_key_quickly()
    {
        var glob = KeyGlob.TryCompile("**a**a**a**a**a**a**a**b", out _)!;
        var key = new string('a', 1024);

        var watch = System.Diagnostics.Stopwatch.StartNew();
        Assert.False(glob.Matches(key));
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(1), $"took {watch.Elapsed}");
    }
}
