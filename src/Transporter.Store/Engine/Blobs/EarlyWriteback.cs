using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Transporter.Store.Engine.Blobs;

/// <summary>
/// Starts the disk write of bytes just written, without waiting for it (Linux sync_file_range). Below the kernel's
/// dirty-page threshold a large upload would otherwise sit in the page cache until its final fsync, leaving the
/// disk idle while the body arrives and then writing everything at the end; this overlaps the two.
/// </summary>
internal static class EarlyWriteback
{
    private const uint SyncFileRangeWrite = 2;
    private static bool _unavailable = !OperatingSystem.IsLinux();

    public static void Start(SafeFileHandle handle, long offset, long length)
    {
        if (_unavailable) return;
        try
        {
            var added = false;
            handle.DangerousAddRef(ref added);
            try
            {
                // Advisory: a failure only means the kernel writes the range back later, at the fsync.
                _ = sync_file_range((int)handle.DangerousGetHandle(), offset, length, SyncFileRangeWrite);
            }
            finally
            {
                if (added) handle.DangerousRelease();
            }
        }
        catch (Exception e) when (e is EntryPointNotFoundException or DllNotFoundException)
        {
            _unavailable = true;
        }
    }

    [DllImport("libc", SetLastError = true)]
    private static extern int sync_file_range(int fd, long offset, long nbytes, uint flags);
}
