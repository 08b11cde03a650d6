using System.Text;
using Transporter.Core.Storage;

namespace Transporter.Core.Tests.Storage;

public class KeyOrderTests
{
    [Fact]
    public void Sorts_keys_in_utf8_byte_order_like_s3_listings()
    {
        string[] keys = ["b", "a/", "a", "A", "a b", "a+b", "\uE000", "\U0001F600", "é", "z"];
        var expected = keys.OrderBy(k => Encoding.UTF8.GetBytes(k), new ByteArrayComparer()).ToArray();

        var actual = keys.Order(KeyOrder.Instance).ToArray();

        Assert.Equal(expected, actual);
        // Ordinal UTF-16 order would put the emoji (surrogates D83D..) before U+E000; UTF-8 puts it after.
        Assert.True(KeyOrder.Instance.Compare("\U0001F600", "\uE000") > 0);
        Assert.True(string.CompareOrdinal("\U0001F600", "\uE000") < 0);
    }

    private sealed class ByteArrayComparer : IComparer<byte[]>
    {
        public int Compare(byte[]? x, byte[]? y) => x!.AsSpan().SequenceCompareTo(y);
    }
}
