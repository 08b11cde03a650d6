namespace Transporter.Core.Plans.Estimates;

/// <summary>What one provider charges for what a migration does to it: data leaving it (egress, per GB of 10^9 bytes)
/// and requests per thousand (reads at a source, writes and part uploads at a destination, listing pages).</summary>
public sealed record ProviderPrices
{
    public decimal EgressPerGb { get; init; }
    public decimal GetPerThousand { get; init; }
    public decimal PutPerThousand { get; init; }
    public decimal ListPerThousand { get; init; }
}
