using Microsoft.Extensions.Options;
using Transporter.Core.Configuration;

namespace Transporter.Identity.Customers;

/// <summary>
/// Which roots are resellers: the platform's first root (TRANSPORTER_ROOT_NAME, "default" unless set), the one the
/// bootstrap creates. Its root user creates customers (RSCreateCustomer) and is their reseller; customers cannot
/// create customers of their own, so there is one level of resellers.
/// </summary>
public sealed class Resellers(IOptions<TransporterOptions> options)
{
    public bool IsReseller(string root) =>
        root == (string.IsNullOrWhiteSpace(options.Value.RootName) ? TransporterOptions.DefaultRootName : options.Value.RootName);
}
