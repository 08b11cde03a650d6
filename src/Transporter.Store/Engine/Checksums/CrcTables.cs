using System.Buffers.Binary;

namespace Transporter.Store.Engine.Checksums;

/// <summary>Slicing-by-8 tables and loop shared by the reflected 32-bit CRCs (8 KiB of tables per polynomial).</summary>
internal static class CrcTables
{
    public static uint[] Build(uint polynomial)
    {
        var table = new uint[8 * 256];
        for (uint i = 0; i < 256; i++)
        {
            var c = i;
            for (var k = 0; k < 8; k++) c = (c & 1) != 0 ? (c >> 1) ^ polynomial : c >> 1;
            table[i] = c;
        }
        for (var i = 0; i < 256; i++)
            for (var t = 1; t < 8; t++)
                table[t * 256 + i] = (table[(t - 1) * 256 + i] >> 8) ^ table[table[(t - 1) * 256 + i] & 0xFF];
        return table;
    }

    /// <summary>Runs the register <paramref name="crc"/> (already inverted) over <paramref name="data"/>.</summary>
    public static uint Slice8(uint[] table, uint crc, ReadOnlySpan<byte> data)
    {
        var t = table.AsSpan();
        while (data.Length >= 8)
        {
            var lo = BinaryPrimitives.ReadUInt32LittleEndian(data) ^ crc;
            var hi = BinaryPrimitives.ReadUInt32LittleEndian(data[4..]);
            crc = t[7 * 256 + (int)(lo & 0xFF)] ^ t[6 * 256 + (int)((lo >> 8) & 0xFF)]
                ^ t[5 * 256 + (int)((lo >> 16) & 0xFF)] ^ t[4 * 256 + (int)(lo >> 24)]
                ^ t[3 * 256 + (int)(hi & 0xFF)] ^ t[2 * 256 + (int)((hi >> 8) & 0xFF)]
                ^ t[256 + (int)((hi >> 16) & 0xFF)] ^ t[(int)(hi >> 24)];
            data = data[8..];
        }
        foreach (var b in data) crc = (crc >> 8) ^ t[(int)((crc ^ b) & 0xFF)];
        return crc;
    }
}
