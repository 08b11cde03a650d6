namespace Transporter.Store.Engine.Checksums;

/// <summary>Whether a checksum covers the whole object's bytes or is a checksum of the parts' checksums.</summary>
public enum ChecksumType
{
    FullObject,
    Composite,
}
