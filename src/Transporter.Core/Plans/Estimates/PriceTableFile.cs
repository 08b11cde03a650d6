using System.Text.Json;
using Transporter.Core.Endpoints;

namespace Transporter.Core.Plans.Estimates;

/// <summary>
/// Reads the price table an operator sets with TRANSPORTER_PRICE_TABLE (a JSON file): <c>{"currency": "EUR", "source":
/// "our 2027 contract", "providers": {"aws": {"egressPerGb": 0.08, "getPerThousand": 0.0004, "putPerThousand": 0.005,
/// "listPerThousand": 0.005}}}</c>. Providers it names replace the default's; the others keep the default prices. A file
/// that cannot be read stops the process at start-up with the reason.
/// </summary>
public static class PriceTableFile
{
    private static readonly JsonSerializerOptions Json = new() { PropertyNameCaseInsensitive = true, ReadCommentHandling = JsonCommentHandling.Skip };

    public static PriceTable Load(string? path)
    {
        if (string.IsNullOrWhiteSpace(path)) return PriceTable.Default;
        FileContents? contents;
        try
        {
            contents = JsonSerializer.Deserialize<FileContents>(File.ReadAllText(path), Json);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException)
        {
            throw new InvalidOperationException($"TRANSPORTER_PRICE_TABLE: cannot read '{path}': {e.Message}", e);
        }
        var providers = new Dictionary<string, ProviderPrices>(PriceTable.Default.Providers, StringComparer.OrdinalIgnoreCase);
        foreach (var (type, prices) in contents?.Providers ?? [])
        {
            if (!EndpointType.IsKnown(type)) throw new InvalidOperationException($"TRANSPORTER_PRICE_TABLE: unknown endpoint type '{type}' in '{path}'");
            if (prices.EgressPerGb < 0 || prices.GetPerThousand < 0 || prices.PutPerThousand < 0 || prices.ListPerThousand < 0)
                throw new InvalidOperationException($"TRANSPORTER_PRICE_TABLE: negative price for '{type}' in '{path}'");
            providers[type] = prices;
        }
        return new PriceTable
        {
            Currency = string.IsNullOrWhiteSpace(contents?.Currency) ? PriceTable.Default.Currency : contents.Currency,
            Source = string.IsNullOrWhiteSpace(contents?.Source) ? $"the price table {Path.GetFileName(path)}" : contents.Source,
            Providers = providers,
        };
    }

    private sealed record FileContents(string? Currency, string? Source, Dictionary<string, ProviderPrices>? Providers);
}
