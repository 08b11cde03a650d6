using Transporter.Core.Endpoints;
using Transporter.Core.Plans;
using Transporter.Core.Plans.Estimates;

namespace Transporter.Core.Tests.Plans;

public class PlanEstimatorTests
{
    private const long Threshold = 64L * 1024 * 1024, Part = 16L * 1024 * 1024;

    private static Plan PlanOf(PlanTally tally, string sourceType = EndpointType.Aws, string destinationType = EndpointType.Lyve,
        string destinationUrl = "https://s3.lyve.example.com") => new()
    {
        Id = Guid.NewGuid(),
        Root = "acme",
        UserName = "root",
        Sync = false,
        SyncMode = "simple",
        Source = new EndpointConfig { Type = sourceType, Bucket = "a", Endpoint = "https://s3.us-east-1.amazonaws.com" },
        Destination = new EndpointConfig { Type = destinationType, Bucket = "b", Endpoint = destinationUrl },
        Status = PlanStatus.Ended,
        Tally = tally,
    };

    /// <summary>A tally of each group's count of objects of its size.</summary>
    private static PlanTally Tally(params (int Count, long Size)[] groups)
    {
        var tally = new PlanTally();
        var n = 0;
        foreach (var (count, size) in groups)
            for (var i = 0; i < count; i++) tally.Add($"k{n++:D8}", size);
        return tally;
    }

    private static ThroughputProfile Measured(params (int Bin, double ObjectsPerSecond, double BytesPerSecond)[] bins)
    {
        var rates = new (double, double)?[SizeBins.Count];
        foreach (var (bin, objects, bytes) in bins) rates[bin] = (objects, bytes);
        return new ThroughputProfile { Runs = 2, Scope = "aws → lyve of this root", Objects = 5000, Bytes = 5_000_000_000, Bins = rates, Overall = (10, 1_000_000) };
    }

    [Fact]
    public void Time_is_the_sum_over_bins_of_the_slower_of_the_object_and_byte_rates()
    {
        // 1,000 objects of 500 B (bin 2) at 100 objects/s: 10 s (their bytes would take 0.5 s at 1 MB/s);
        // 10 objects of 50 MB (bin 8) at 5 MB/s: 100 s (by number they would take 1 s).
        var estimate = PlanEstimator.Estimate(PlanOf(Tally((1000, 500), (10, 50_000_000))), Measured((2, 100, 1_000_000), (8, 10, 5_000_000)),
            PriceTable.Default, Threshold, Part);

        Assert.Equal(110, estimate.Seconds);
        Assert.Contains(estimate.Assumptions, a => a.StartsWith("speed measured on 2 earlier runs aws → lyve of this root (5,000 objects, 5 GB)"));
        Assert.Contains("100B - 1KB: 1,000 objects at 100 objects/s or 1 MB/s as measured: 00:00:10", estimate.Assumptions);
    }

    [Fact]
    public void Bins_never_measured_take_the_overall_rate_and_no_history_the_default()
    {
        var tally = Tally((100, 2_000));
        var overall = PlanEstimator.Estimate(PlanOf(tally), Measured((2, 100, 1_000_000)), PriceTable.Default, Threshold, Part);
        var none = PlanEstimator.Estimate(PlanOf(tally), ThroughputProfile.None("aws → lyve on this platform"), PriceTable.Default, Threshold, Part);

        Assert.Equal(10, overall.Seconds); // 100 objects at 10 objects/s overall
        Assert.Contains("never measured, so at the overall rate: 1KB - 5KB", overall.Assumptions);
        Assert.Equal(2, none.Seconds); // 100 objects at the default 50 objects/s
        Assert.Contains("no earlier run aws → lyve on this platform was measured: 50 objects/s or 20 MB/s is assumed", none.Assumptions);
    }

    [Fact]
    public void Cost_is_source_egress_and_requests_from_the_price_table()
    {
        // 1,000,000 objects of 1 MB from AWS to Lyve: 1 TB out at 0.09/GB = 90; 1,000 listing pages at 0.005/1000,
        // 1,000,000 reads at 0.0004/1000; Lyve charges no writes.
        var estimate = PlanEstimator.Estimate(PlanOf(Tally((1_000_000, 1_000_000))), Measured(), PriceTable.Default, Threshold, Part);

        Assert.Equal(("USD", 90.41m), (estimate.Currency, estimate.Cost)); // 90 + 0.005 + 0.4
        Assert.Contains("egress from aws: 1 TB at USD 0.09/GB = USD 90.00", estimate.Assumptions);
    }

    [Fact]
    public void Large_objects_count_their_parts_and_one_endpoint_has_no_egress()
    {
        // Two 100 MB objects into AWS: 6 parts of 16 MiB each plus initiate and complete = 16 writes at 0.005/1000.
        var intoAws = PlanEstimator.Estimate(PlanOf(Tally((2, 100_000_000)), EndpointType.Lyve, EndpointType.Aws, "https://s3.us-east-1.amazonaws.com"),
            Measured(), PriceTable.Default, Threshold, Part);
        var sameEndpoint = PlanEstimator.Estimate(PlanOf(Tally((1000, 1_000_000)), EndpointType.Aws, EndpointType.Aws, "https://s3.us-east-1.amazonaws.com"),
            Measured(), PriceTable.Default, Threshold, Part);

        Assert.Contains(intoAws.Assumptions, a => a.StartsWith("requests: 1 listing pages, 2 reads at the source, 16 writes at the destination"));
        Assert.Contains("source and destination are one endpoint: a server-side copy, no egress", sameEndpoint.Assumptions);
        Assert.Equal(0.01m, sameEndpoint.Cost); // 1,000 writes at 0.005/1000 plus one listing page
    }

    [Fact]
    public void A_price_table_file_replaces_the_providers_it_names()
    {
        var file = Path.Combine(Path.GetTempPath(), $"prices-{Guid.NewGuid():N}.json");
        File.WriteAllText(file, """{"currency": "EUR", "source": "our contract", "providers": {"aws": {"egressPerGb": 0.05}}}""");
        try
        {
            var table = PriceTableFile.Load(file);

            Assert.Equal(("EUR", "our contract", 0.05m, 0m), (table.Currency, table.Source, table.For("aws").EgressPerGb, table.For("aws").PutPerThousand));
            Assert.Equal(0.087m, table.For("azure").EgressPerGb);
            File.WriteAllText(file, """{"providers": {"ftp": {}}}""");
            Assert.Contains("unknown endpoint type 'ftp'", Assert.Throws<InvalidOperationException>(() => PriceTableFile.Load(file)).Message);
        }
        finally
        {
            File.Delete(file);
        }
    }
}
