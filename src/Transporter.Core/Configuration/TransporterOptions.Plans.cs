namespace Transporter.Core.Configuration;

public sealed partial class TransporterOptions
{
    /// <summary>A JSON file of the prices plan estimates use (Core/Plans/Estimates/PriceTableFile); the default public list
    /// prices when unset.</summary>
    public string? PriceTable { get; set; }
}
