using Transporter.Identity.Signatures.SigV4;

namespace Transporter.Identity.Tests.Signatures;

public class AwsUriEncodingTests
{
    // Canonical skips decoding and re-encoding when the text is already in canonical form; it must give exactly what
    // the two steps give, for canonical text and for every near miss.
    [Theory]
    [InlineData("")]
    [InlineData("plain-Name_1.2~")]
    [InlineData("AKIDEXAMPLE%2F20261205%2Fus-east-1%2Fs3%2Faws4_request")]
    [InlineData("AKIDEXAMPLE%2f20261205")]          // lower-case hex
    [InlineData("%41%42")]                           // encoded unreserved characters
    [InlineData("a%20b%25c%2Bd%3D%26%00")]           // reserved ASCII, '%' itself, NUL
    [InlineData("a+b")]                              // '+' is not a space to AWS
    [InlineData("a b")]                              // a raw space
    [InlineData("%E2%82%AC")]                        // UTF-8 of the euro sign
    [InlineData("%E2%82")]                           // an invalid UTF-8 sequence
    [InlineData("%C3%A9t%C3%A9")]
    [InlineData("€")]
    [InlineData("%")]
    [InlineData("%2")]
    [InlineData("ab%")]
    [InlineData("%G1")]
    [InlineData("dir/sub%2Fkey")]                    // an encoded slash, kept apart from '/' in paths
    [InlineData("/bucket/a%20key/%F0%9F%98%80")]
    public void Canonical_gives_what_decoding_and_encoding_again_give(string raw)
    {
        foreach (var keepSlash in new[] { false, true })
            Assert.Equal(AwsUriEncoding.Encode(AwsUriEncoding.Decode(raw), keepSlash), AwsUriEncoding.Canonical(raw, keepSlash));
    }

    [Fact]
    public void Canonical_text_is_returned_as_it_is()
    {
        const string Credential = "AKIDEXAMPLE%2F20261205%2Fus-east-1%2Fs3%2Faws4_request";
        Assert.Same(Credential, AwsUriEncoding.Canonical(Credential, keepSlash: false));
        const string Path = "/bucket/a%20key/b";
        Assert.Same(Path, AwsUriEncoding.Canonical(Path, keepSlash: true));
    }
}
