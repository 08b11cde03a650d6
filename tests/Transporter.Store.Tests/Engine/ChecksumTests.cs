using System.Text;
using Transporter.Store.Engine.Checksums;

namespace Transporter.Store.Tests.Engine;

public class ChecksumTests
{
    private static readonly byte[] Check = "123456789"u8.ToArray();
    // The Lyve spec's example values for "Hello world\n123\n".
    private static readonly byte[] Hello = Encoding.UTF8.GetBytes("Hello world\n123\n");

    [Fact]
    public void Crc32_and_crc32c_match_the_standard_check_values()
    {
        Assert.Equal(0xCBF43926u, Crc32.Compute(Check));
        Assert.Equal(0xE3069283u, Crc32C.Compute(Check));
        Assert.Equal(0xAE8B14860A799888ul, Crc64Nvme.Compute(Check));
    }

    [Fact]
    public void Crc64nvme_over_odd_chunks_equals_one_pass_and_combines_over_a_concatenation()
    {
        var a = new byte[5 * 1024 * 1024 + 3];
        var b = new byte[100_003];
        new Random(5).NextBytes(a);
        new Random(6).NextBytes(b);
        ulong pieces = 0;
        for (var i = 0; i < b.Length; i += 4093) pieces = Crc64Nvme.Append(pieces, b.AsSpan(i, Math.Min(4093, b.Length - i)));
        Assert.Equal(Crc64Nvme.Compute(b), pieces);
        var joined = a.Concat(b).ToArray();
        Assert.Equal(Crc64Nvme.Compute(joined), CrcCombine.Combine(Crc64Nvme.Polynomial, 64, Crc64Nvme.Compute(a), Crc64Nvme.Compute(b), b.Length));
    }

    [Theory]
    [InlineData(ChecksumAlgorithm.Crc32, "uWvPlg==")]
    [InlineData(ChecksumAlgorithm.Crc32C, "Cy8XOQ==")]
    [InlineData(ChecksumAlgorithm.Sha1, "LupGMeUw441P/33BhJlOZVSBpVg=")]
    [InlineData(ChecksumAlgorithm.Sha256, "uzbBRoYAgN7yiuoYiZFk6kfOPcFad8E8uxFLXfuKVsA=")]
    public void Checksums_match_the_spec_examples(ChecksumAlgorithm algorithm, string expected) =>
        Assert.Equal(expected, Convert.ToBase64String(ChecksumCalculator.Compute(algorithm, Hello)));

    [Fact]
    public void Incremental_crc_over_odd_chunks_equals_one_pass_and_the_table_path_equals_the_hardware_path()
    {
        var data = new byte[100_003];
        new Random(7).NextBytes(data);
        foreach (var (append, polynomial) in new (Func<uint, ReadOnlySpan<byte>, uint>, uint)[] { (Crc32.Append, Crc32.Polynomial), (Crc32C.Append, Crc32C.Polynomial) })
        {
            var whole = append(0, data);
            uint pieces = 0;
            for (var i = 0; i < data.Length; i += 4093) pieces = append(pieces, data.AsSpan(i, Math.Min(4093, data.Length - i)));
            Assert.Equal(whole, pieces);
            var table = ~CrcTables.Slice8(CrcTables.Build(polynomial), ~0u, data);
            Assert.Equal(whole, table);
        }
    }

    [Fact]
    public void Combined_crcs_equal_the_crc_of_the_concatenation()
    {
        var a = new byte[5 * 1024 * 1024 + 17];
        var b = new byte[1234];
        new Random(3).NextBytes(a);
        new Random(4).NextBytes(b);
        var joined = a.Concat(b).ToArray();
        Assert.Equal(Crc32.Compute(joined), CrcCombine.Combine(Crc32.Polynomial, Crc32.Compute(a), Crc32.Compute(b), b.Length));
        Assert.Equal(Crc32C.Compute(joined), CrcCombine.Combine(Crc32C.Polynomial, Crc32C.Compute(a), Crc32C.Compute(b), b.Length));
        Assert.Equal(Crc32.Compute(b), CrcCombine.Combine(Crc32.Polynomial, 0, Crc32.Compute(b), b.Length));
    }
}
