using System.Diagnostics;
using Transporter.Api.Reports;
using Transporter.Testing;

namespace Transporter.Api.Tests.Reports;

[CollectionDefinition(nameof(MemoryMeasurement), DisableParallelization = true)]
public sealed class MemoryMeasurement;

/// <summary>Rows stream through the writer: memory does not grow with the number of rows.</summary>
[Collection(nameof(MemoryMeasurement))]
public class ReportBundleMemoryTests
{
    [Fact]
    public async Task Two_hundred_thousand_rows_keep_live_memory_and_peak_working_set_flat()
    {
        const int rows = 200_000;
        var dir = RepoPaths.NewTempDir("reports-memory");
        try
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
            var baseline = GC.GetTotalMemory(forceFullCollection: true);
            using var process = Process.GetCurrentProcess();
            process.Refresh();
            var peakBefore = process.PeakWorkingSet64;
            long maxLive = 0;

            var bundle = await new ReportBundleWriter().WriteAsync(ReportBundleWriterTests.Summary, ReportRows.Stream(rows, i =>
            {
                // Live (reachable) memory while rows flow: forces a full collection every 25,000 rows.
                if (i % 25_000 == 24_999) maxLive = Math.Max(maxLive, GC.GetTotalMemory(forceFullCollection: true));
            }), Path.Combine(dir, "bundle.tar.gz"));

            process.Refresh();
            var liveGrowth = maxLive - baseline;
            var peakGrowth = process.PeakWorkingSet64 - peakBefore;
            Assert.Equal(rows, bundle.ObjectsSucceeded + bundle.ObjectsFailed);
            // Holding the rows would take ~100 MB of live objects; streaming keeps a few buffers.
            Assert.True(liveGrowth < 16 << 20, $"live heap grew by {liveGrowth >> 20} MiB");
            Assert.True(peakGrowth < 150 << 20, $"peak working set grew by {peakGrowth >> 20} MiB");
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
