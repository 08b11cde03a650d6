using System.Buffers.Binary;
using System.Runtime.Intrinsics.X86;
using ArmCrc32 = System.Runtime.Intrinsics.Arm.Crc32;

namespace Transporter.Store.Engine.Checksums;

/// <summary>
/// CRC-32C (Castagnoli, reflected polynomial 0x82F63B78), the x-amz-checksum-crc32c algorithm: SSE4.2 or ARM CRC
/// instructions when the CPU has them, slicing-by-8 tables otherwise.
/// </summary>
public static class Crc32C
{
    public const uint Polynomial = 0x82F63B78u;

    private static readonly uint[] Table = CrcTables.Build(Polynomial);

    /// <summary>Continues <paramref name="crc"/> (0 for a fresh computation) over <paramref name="data"/>.</summary>
    public static uint Append(uint crc, ReadOnlySpan<byte> data)
    {
        crc = ~crc;
        if (Sse42.X64.IsSupported)
        {
            ulong wide = crc;
            while (data.Length >= 8)
            {
                wide = Sse42.X64.Crc32(wide, BinaryPrimitives.ReadUInt64LittleEndian(data));
                data = data[8..];
            }
            crc = (uint)wide;
            foreach (var b in data) crc = Sse42.Crc32(crc, b);
            return ~crc;
        }
        if (ArmCrc32.Arm64.IsSupported)
        {
            while (data.Length >= 8)
            {
                crc = ArmCrc32.Arm64.ComputeCrc32C(crc, BinaryPrimitives.ReadUInt64LittleEndian(data));
                data = data[8..];
            }
            foreach (var b in data) crc = ArmCrc32.ComputeCrc32C(crc, b);
            return ~crc;
        }
        return ~CrcTables.Slice8(Table, crc, data);
    }

    public static uint Compute(ReadOnlySpan<byte> data) => Append(0, data);
}
