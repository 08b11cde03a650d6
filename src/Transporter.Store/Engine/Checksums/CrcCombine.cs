namespace Transporter.Store.Engine.Checksums;

/// <summary>
/// Combines two reflected CRCs (32 or 64 bits) as if their inputs had been concatenated (zlib's crc32_combine, GF(2)
/// matrix squaring). Needed for FULL_OBJECT checksums of multipart uploads, which S3 computes over the whole object
/// without rereading the parts.
/// </summary>
public static class CrcCombine
{
    /// <summary>The CRC-32 of A+B given crc(A), crc(B) and the length of B.</summary>
    public static uint Combine(uint polynomial, uint crcA, uint crcB, long lengthB) =>
        (uint)Combine(polynomial, 32, crcA, crcB, lengthB);

    /// <summary>The CRC of width <paramref name="width"/> (32 or 64) of A+B given crc(A), crc(B) and the length of B.</summary>
    public static ulong Combine(ulong polynomial, int width, ulong crcA, ulong crcB, long lengthB)
    {
        if (lengthB <= 0) return crcA;
        Span<ulong> even = stackalloc ulong[width];
        Span<ulong> odd = stackalloc ulong[width];
        odd[0] = polynomial; // the operator for one zero bit
        ulong row = 1;
        for (var n = 1; n < width; n++)
        {
            odd[n] = row;
            row <<= 1;
        }
        Square(even, odd); // two zero bits
        Square(odd, even); // four zero bits
        do
        {
            // Each round squares the operator (one more zero byte doubling) and applies it for the set bits of the length.
            Square(even, odd);
            if ((lengthB & 1) != 0) crcA = Times(even, crcA);
            lengthB >>= 1;
            if (lengthB == 0) break;
            Square(odd, even);
            if ((lengthB & 1) != 0) crcA = Times(odd, crcA);
            lengthB >>= 1;
        } while (lengthB != 0);
        return crcA ^ crcB;
    }

    private static ulong Times(ReadOnlySpan<ulong> matrix, ulong vector)
    {
        ulong sum = 0;
        for (var i = 0; vector != 0; i++, vector >>= 1)
            if ((vector & 1) != 0) sum ^= matrix[i];
        return sum;
    }

    private static void Square(Span<ulong> square, ReadOnlySpan<ulong> matrix)
    {
        for (var n = 0; n < matrix.Length; n++) square[n] = Times(matrix, matrix[n]);
    }
}
