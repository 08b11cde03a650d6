using Microsoft.Extensions.Options;
using Transporter.Core.Configuration;

namespace Transporter.Api.Reports;

/// <summary>
/// Where report bundles live: {data dir}/reports/{migration id}/{bundle}.tar.gz. Every API process that may serve a
/// download link needs this directory, so a deployment with several API replicas shares the data dir (a ReadWriteMany
/// volume); see docs/api.md, "Reports, email and statistics".
/// </summary>
public sealed class ReportBundleStore(IOptions<TransporterOptions> options)
{
    public string Root => options.Value.DataPath("reports");

    /// <summary>A fresh bundle file name: sortable by time, unique.</summary>
    public static string NewBundleName(DateTimeOffset now) => $"{now.UtcDateTime:yyyyMMdd'T'HHmmss'Z'}-{Guid.NewGuid():N}.tar.gz";

    public string PathOf(Guid migrationId, string bundle)
    {
        // Names come from NewBundleName via the database; refuse anything that could leave the directory.
        if (bundle.Length == 0 || bundle.IndexOfAny(['/', '\\']) >= 0 || bundle.StartsWith('.'))
            throw new ArgumentException($"'{bundle}' is not a bundle name", nameof(bundle));
        return Path.Combine(Root, migrationId.ToString("D"), bundle);
    }

    /// <summary>Opens a bundle for streaming; null when it is gone.</summary>
    public FileStream? OpenRead(Guid migrationId, string bundle)
    {
        try
        {
            return new FileStream(PathOf(migrationId, bundle), FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, 1 << 16,
                FileOptions.Asynchronous | FileOptions.SequentialScan);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
    }

    /// <summary>Deletes a bundle (a download already streaming it keeps its open file).</summary>
    public void Delete(Guid migrationId, string bundle) => File.Delete(PathOf(migrationId, bundle));
}
