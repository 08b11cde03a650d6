using System.Buffers.Binary;

namespace Transporter.Store.Engine.Checksums;

/// <summary>
/// CRC-64/NVME (reflected polynomial 0x9A6C9329AC4BC9B5, initial and final XOR all ones), the x-amz-checksum-crc64nvme
/// algorithm. System.IO.Hashing's Crc64 is the ECMA-182 variant, so this one is computed here with slicing-by-8 tables.
/// </summary>
public static class Crc64Nvme
{
    public const ulong Polynomial = 0x9A6C9329AC4BC9B5ul;

    private static readonly ulong[] Table = BuildTable();

    /// <summary>Continues <paramref name="crc"/> (0 for a fresh computation) over <paramref name="data"/>.</summary>
    public static ulong Append(ulong crc, ReadOnlySpan<byte> data)
    {
        crc = ~crc;
        var t = Table.AsSpan();
        while (data.Length >= 8)
        {
            var word = BinaryPrimitives.ReadUInt64LittleEndian(data) ^ crc;
            crc = t[7 * 256 + (int)(word & 0xFF)] ^ t[6 * 256 + (int)((word >> 8) & 0xFF)]
                ^ t[5 * 256 + (int)((word >> 16) & 0xFF)] ^ t[4 * 256 + (int)((word >> 24) & 0xFF)]
                ^ t[3 * 256 + (int)((word >> 32) & 0xFF)] ^ t[2 * 256 + (int)((word >> 40) & 0xFF)]
                ^ t[256 + (int)((word >> 48) & 0xFF)] ^ t[(int)(word >> 56)];
            data = data[8..];
        }
        foreach (var b in data) crc = (crc >> 8) ^ t[(int)((crc ^ b) & 0xFF)];
        return ~crc;
    }

    public static ulong Compute(ReadOnlySpan<byte> data) => Append(0, data);

    private static ulong[] BuildTable()
    {
        var table = new ulong[8 * 256];
        for (ulong i = 0; i < 256; i++)
        {
            var c = i;
            for (var k = 0; k < 8; k++) c = (c & 1) != 0 ? (c >> 1) ^ Polynomial : c >> 1;
            table[i] = c;
        }
        for (var i = 0; i < 256; i++)
            for (var t = 1; t < 8; t++)
                table[t * 256 + i] = (table[(t - 1) * 256 + i] >> 8) ^ table[table[(t - 1) * 256 + i] & 0xFF];
        return table;
    }
}
