using System.Globalization;

namespace Transporter.Core.Plans.Estimates;

/// <summary>
/// Predicts a plan's time and cost (docs/migration-controls.md, "Plans with estimates"): for each size bin, the time
/// its objects take at the measured rates of earlier runs between the same endpoint types (the slower of the object rate
/// and the byte rate, so small objects count by number and large ones by size), summed; bins never measured take the
/// overall rate, and with no history at all a documented default. The cost is the source's egress for the bytes (none
/// for a server-side copy within one endpoint) and the requests: a listing page per 1,000 objects, a read per object at
/// the source, a write per object (plus a part per part size and two calls) at the destination.
/// </summary>
public static class PlanEstimator
{
    /// <summary>Rates assumed when nothing was ever measured: 50 objects/s and 20 MB/s.</summary>
    public static readonly (double ObjectsPerSecond, double BytesPerSecond) DefaultRate = (50, 20_000_000);

    /// <param name="multipartThreshold">Objects above it are copied in parts of <paramref name="partSize"/>.</param>
    public static PlanEstimate Estimate(Plan plan, ThroughputProfile history, PriceTable prices, long multipartThreshold, long partSize)
    {
        var tally = plan.Tally;
        var assumptions = new List<string>();
        var binBytes = tally.BinBytes ?? Spread(tally);
        if (tally.BinBytes is null) assumptions.Add("bytes per size bin were not counted by this plan: the total is spread over the bins by their middle sizes");

        var fallback = history.Overall ?? DefaultRate;
        assumptions.Add(history.Runs == 0
            ? $"no earlier run {history.Scope} was measured: {Rate(DefaultRate)} is assumed"
            : $"speed measured on {history.Runs} earlier runs {history.Scope} ({history.Objects:N0} objects, {Bytes(history.Bytes)}): {Rate(fallback)} overall");
        double seconds = 0;
        var unmeasured = new List<string>();
        for (var bin = 0; bin < SizeBins.Count; bin++)
        {
            if (tally.Bins[bin] == 0) continue;
            var rate = history.Bins[bin];
            if (rate is null && history.Runs > 0) unmeasured.Add(SizeBins.All[bin].Label);
            var (objectsPerSecond, bytesPerSecond) = rate ?? fallback;
            var binSeconds = Math.Max(tally.Bins[bin] / objectsPerSecond, binBytes[bin] / bytesPerSecond);
            seconds += binSeconds;
            if (rate is not null)
                assumptions.Add($"{SizeBins.All[bin].Label}: {tally.Bins[bin]:N0} objects at {Rate(rate.Value)} as measured: {Duration(binSeconds)}");
        }
        if (unmeasured.Count > 0) assumptions.Add($"never measured, so at the overall rate: {string.Join(", ", unmeasured)}");
        assumptions.Add("no bandwidth limit, and the workers, network and endpoints as busy as during the measured runs");

        var sameEndpoint = SameEndpoint(plan.Source, plan.Destination);
        var source = prices.For(plan.Source.Type);
        var destination = prices.For(plan.Destination.Type);
        var parts = PutRequests(tally, binBytes, multipartThreshold, partSize);
        var listPages = Math.Ceiling((double)tally.Objects / 1000);
        var egress = sameEndpoint ? 0 : source.EgressPerGb * tally.Bytes / 1_000_000_000m;
        var requests = source.ListPerThousand * (decimal)listPages / 1000m
            + (sameEndpoint ? 0 : source.GetPerThousand * tally.Objects / 1000m)
            + destination.PutPerThousand * (decimal)parts / 1000m;
        var cost = Math.Round(egress + requests, 2, MidpointRounding.AwayFromZero);
        assumptions.Add(sameEndpoint
            ? "source and destination are one endpoint: a server-side copy, no egress"
            : $"egress from {plan.Source.Type}: {Bytes(tally.Bytes)} at {prices.Currency} {source.EgressPerGb.ToString(CultureInfo.InvariantCulture)}/GB = {Money(egress, prices)}");
        assumptions.Add($"requests: {listPages:N0} listing pages, {(sameEndpoint ? 0 : tally.Objects):N0} reads at the source, {parts:N0} writes at the destination " +
            $"(objects over {Bytes(multipartThreshold)} in parts of {Bytes(partSize)}) = {Money(requests, prices)}");
        foreach (var type in new[] { plan.Source.Type, plan.Destination.Type }.Distinct())
            if (!prices.Names(type)) assumptions.Add($"the price table has no prices for {type}: counted as free");
        assumptions.Add($"prices from {prices.Source}; storage at the destination is not included");
        if (PlanStatus.IsActive(plan.Status)) assumptions.Add("the plan is still counting: the estimate covers what it counted so far");

        return new PlanEstimate { Seconds = (long)Math.Ceiling(seconds), Cost = cost, Currency = prices.Currency, Assumptions = assumptions };
    }

    /// <summary>True when both ends are one service (same type, scheme, host and port): copies may be server-side, with
    /// no egress, and run at another speed than between two services.</summary>
    public static bool SameEndpoint(Endpoints.EndpointConfig source, Endpoints.EndpointConfig destination) =>
        string.Equals(source.Type, destination.Type, StringComparison.Ordinal)
        && source.EndpointUri() is { } s && destination.EndpointUri() is { } d
        && Uri.Compare(s, d, UriComponents.SchemeAndServer, UriFormat.Unescaped, StringComparison.OrdinalIgnoreCase) == 0;

    private static double PutRequests(PlanTally tally, IReadOnlyList<long> binBytes, long threshold, long partSize)
    {
        double requests = 0;
        for (var bin = 0; bin < SizeBins.Count; bin++)
        {
            if (tally.Bins[bin] == 0) continue;
            var average = (double)binBytes[bin] / tally.Bins[bin];
            requests += average > threshold ? tally.Bins[bin] * (Math.Ceiling(average / partSize) + 2) : tally.Bins[bin];
        }
        return requests;
    }

    /// <summary>Bytes per bin for a tally without them: the total shared in proportion to objects × the bin's middle size.</summary>
    private static long[] Spread(PlanTally tally)
    {
        var weights = SizeBins.All.Select((b, i) => tally.Bins[i] * (b.Min + b.Max) / 2.0).ToArray();
        var total = weights.Sum();
        return weights.Select(w => total == 0 ? 0 : (long)(tally.Bytes * w / total)).ToArray();
    }

    private static string Rate((double ObjectsPerSecond, double BytesPerSecond) rate) =>
        $"{rate.ObjectsPerSecond.ToString("0.#", CultureInfo.InvariantCulture)} objects/s or {Bytes(rate.BytesPerSecond)}/s";

    private static string Bytes(double bytes)
    {
        string[] units = ["B", "KB", "MB", "GB", "TB", "PB"];
        var unit = 0;
        while (bytes >= 1000 && unit < units.Length - 1)
        {
            bytes /= 1000;
            unit++;
        }
        return $"{bytes.ToString(unit == 0 ? "0" : "0.##", CultureInfo.InvariantCulture)} {units[unit]}";
    }

    private static string Duration(double seconds) =>
        seconds < 1 ? "under a second" : TimeSpan.FromSeconds(Math.Ceiling(seconds)).ToString(seconds >= 86400 ? @"d\.hh\:mm\:ss" : @"hh\:mm\:ss", CultureInfo.InvariantCulture);

    private static string Money(decimal amount, PriceTable prices) => $"{prices.Currency} {amount.ToString("0.00##", CultureInfo.InvariantCulture)}";
}
