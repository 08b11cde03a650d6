using Transporter.Core.Endpoints;

namespace Transporter.Core.Plans.Estimates;

/// <summary>
/// The prices a plan's cost estimate uses, per endpoint type (docs/migration-controls.md, "Plans with estimates").
/// <see cref="Default"/> holds public list prices (first tier, a US region, December 2026) and is replaced, type by type,
/// by the "Transporter:Prices" configuration section or the JSON file TRANSPORTER_PRICE_TABLE names. Estimates, not
/// invoices: the assumptions say which table was used.
/// </summary>
public sealed record PriceTable
{
    public string Currency { get; init; } = "USD";

    /// <summary>Where the prices come from, said in the estimate's assumptions.</summary>
    public string Source { get; init; } = "the default price table (public list prices, first tier, a US region)";

    public IReadOnlyDictionary<string, ProviderPrices> Providers { get; init; } = new Dictionary<string, ProviderPrices>();

    private static readonly ProviderPrices S3 = new() { EgressPerGb = 0.09m, GetPerThousand = 0.0004m, PutPerThousand = 0.005m, ListPerThousand = 0.005m };
    private static readonly ProviderPrices Gcs = new() { EgressPerGb = 0.12m, GetPerThousand = 0.0004m, PutPerThousand = 0.005m, ListPerThousand = 0.005m };

    public static readonly PriceTable Default = new()
    {
        Providers = new Dictionary<string, ProviderPrices>(StringComparer.OrdinalIgnoreCase)
        {
            [EndpointType.Aws] = S3,
            [EndpointType.S3V4] = S3,
            [EndpointType.S3V2] = S3,
            [EndpointType.Gcp] = Gcs,
            [EndpointType.GcpNative] = Gcs,
            [EndpointType.Azure] = new() { EgressPerGb = 0.087m, GetPerThousand = 0.0004m, PutPerThousand = 0.0065m, ListPerThousand = 0.0065m },
            // Lyve Cloud charges neither egress nor requests.
            [EndpointType.Lyve] = new(),
        },
    };

    /// <summary>The prices of <paramref name="type"/>; zero prices (and a note) for a type the table does not name.</summary>
    public ProviderPrices For(string? type) => type is not null && Providers.TryGetValue(type, out var prices) ? prices : new ProviderPrices();

    public bool Names(string? type) => type is not null && Providers.ContainsKey(type);
}
