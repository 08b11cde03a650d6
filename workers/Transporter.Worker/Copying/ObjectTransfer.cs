using Transporter.Core.Storage;

namespace Transporter.Worker.Copying;

/// <summary>One object's copy in progress: what was learnt about it so far, across attempts, for its report.</summary>
internal sealed class ObjectTransfer(CopyContext context, ObjectSummary item)
{
    public CopyContext Context { get; } = context;

    public ObjectSummary Item { get; } = item;

    /// <summary>The version of the source every read of this copy is conditioned on: the listed one, or else the one the
    /// first read found (<see cref="Pin"/>).</summary>
    public ExpectedVersion? Version { get; private set; } = ExpectedVersion.Of(item);

    /// <summary>The source's metadata as the last attempt read it.</summary>
    public ObjectMetadata? Metadata { get; set; }

    /// <summary>Base64 MD5 of the source's content when the source says it.</summary>
    public string? SourceMd5 { get; set; }

    public IReadOnlyDictionary<string, string>? Tags { get; set; }

    public ObjectWriteRequest? Request { get; set; }

    /// <summary>The destination's answer once the copy is complete and verified.</summary>
    public ObjectWriteResult? Result { get; set; }

    public long BytesCopied { get; set; }

    /// <summary>Bytes of a resumed copy (multipart upload or write session) that were at the destination already and not sent again.</summary>
    public long BytesReused { get; set; }

    /// <summary>How the completed copy was checked against the destination's own checksum.</summary>
    public CopyIntegrity? Integrity { get; set; }

    /// <summary>Seconds until the source answered (headers of the first read, or the stat of a server-side copy).</summary>
    public double ConnectionSeconds { get; set; }

    /// <summary>Seconds spent moving the bytes.</summary>
    public double CopySeconds { get; set; }

    /// <summary>Conditions later reads on the version just read, when nothing was listed to condition them on.</summary>
    public void Pin(ObjectMetadata read)
    {
        if (Version is null && read.ETag is not null) Version = new ExpectedVersion(read.ETag);
    }

    /// <summary>Forgets the previous attempt's progress (its metadata stays for the report until replaced).</summary>
    public void BeginAttempt()
    {
        Result = null;
        Integrity = null;
        BytesCopied = 0;
        BytesReused = 0;
        ConnectionSeconds = 0;
        CopySeconds = 0;
    }
}
