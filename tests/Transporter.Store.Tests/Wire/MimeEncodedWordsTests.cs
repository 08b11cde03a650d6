using Transporter.Store.Protocol.Headers;

namespace Transporter.Store.Tests.Wire;

public class MimeEncodedWordsTests
{
    [Theory]
    [InlineData("plain ascii", "plain ascii")]
    [InlineData("tab\tkept", "tab\tkept")]
    [InlineData("café", "=?UTF-8?B?Y2Fmw6k=?=")]
    [InlineData("line\nbreak", "=?UTF-8?B?bGluZQpicmVhaw==?=")]
    [InlineData(" x ", "=?UTF-8?B?IHgg?=")]
    [InlineData("=?not?=", "=?UTF-8?B?PT9ub3Q/PQ==?=")]
    public void Values_that_are_not_printable_ascii_are_encoded_as_one_base64_word(string value, string header) =>
        Assert.Equal(header, MimeEncodedWords.Encode(value));

    [Theory]
    [InlineData("=?UTF-8?B?Y2Fmw6k=?=", "café")]
    [InlineData("=?utf-8?q?caf=C3=A9_au_lait?=", "café au lait")]
    [InlineData("=?ISO-8859-1?Q?caf=E9?=", "café")]
    [InlineData("=?UTF-8?B?Y2Fm?= =?UTF-8?B?w6k=?=", "café")]
    [InlineData("before =?UTF-8?B?Y2Fmw6k=?= after", "before café after")]
    [InlineData("=?UTF-8?B?not base64!?=", "=?UTF-8?B?not base64!?=")]
    [InlineData("=?KOI8-R?B?Y2Fm?=", "=?KOI8-R?B?Y2Fm?=")]
    [InlineData("a =? b ?= c", "a =? b ?= c")]
    public void Encoded_words_are_decoded_and_anything_else_is_kept(string header, string value) =>
        Assert.Equal(value, MimeEncodedWords.Decode(header));
}
