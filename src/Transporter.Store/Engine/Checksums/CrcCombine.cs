namespace Transporter.Store.Engine.Checksums;

/// <summary>
/// Combines two reflected 32-bit CRCs as if their inputs had been concatenated (zlib's crc32_combine, GF(2) matrix
/// squaring). Needed for FULL_OBJECT checksums of multipart uploads, which S3 computes over the whole object
/// without rereading the parts.
/// </summary>
public static class CrcCombine
{
    /// <summary>The CRC of A+B given crc(A), crc(B) and the length of B.</summary>
    public static uint Combine(uint polynomial, uint crcA, uint crcB, long lengthB)
    {
        if (lengthB <= 0) return crcA;
        Span<uint> even = stackalloc uint[32];
        Span<uint> odd = stackalloc uint[32];
        odd[0] = polynomial; // the operator for one zero bit
        uint row = 1;
        for (var n = 1; n < 32; n++)
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

    private static uint Times(ReadOnlySpan<uint> matrix, uint vector)
    {
        uint sum = 0;
        for (var i = 0; vector != 0; i++, vector >>= 1)
            if ((vector & 1) != 0) sum ^= matrix[i];
        return sum;
    }

    private static void Square(Span<uint> square, ReadOnlySpan<uint> matrix)
    {
        for (var n = 0; n < 32; n++) square[n] = Times(matrix, matrix[n]);
    }
}
