using System.Buffers.Binary;
using ArmCrc32 = System.Runtime.Intrinsics.Arm.Crc32;

namespace Transporter.Store.Engine.Checksums;

/// <summary>
/// CRC-32 (IEEE 802.3, reflected polynomial 0xEDB88320), the x-amz-checksum-crc32 algorithm. System.IO.Hashing is not
/// available to this project, so it is computed here: ARM's CRC instructions where present, else slicing-by-8 tables.
/// </summary>
public static class Crc32
{
    public const uint Polynomial = 0xEDB88320u;

    private static readonly uint[] Table = CrcTables.Build(Polynomial);

    /// <summary>Continues <paramref name="crc"/> (0 for a fresh computation) over <paramref name="data"/>.</summary>
    public static uint Append(uint crc, ReadOnlySpan<byte> data)
    {
        crc = ~crc;
        if (ArmCrc32.Arm64.IsSupported)
        {
            while (data.Length >= 8)
            {
                crc = ArmCrc32.Arm64.ComputeCrc32(crc, BinaryPrimitives.ReadUInt64LittleEndian(data));
                data = data[8..];
            }
            foreach (var b in data) crc = ArmCrc32.ComputeCrc32(crc, b);
            return ~crc;
        }
        return ~CrcTables.Slice8(Table, crc, data);
    }

    public static uint Compute(ReadOnlySpan<byte> data) => Append(0, data);
}
