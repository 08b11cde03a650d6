using System.Net;

namespace Transporter.Identity.Customers;

/// <summary>A whitelist rule's subNet: CIDR ("10.0.0.0/8", "2001:db8::/32") or one address (a /32 or /128).</summary>
public static class WhitelistSubnets
{
    public static bool TryParse(string text, out IPNetwork network)
    {
        text = text.Trim();
        if (!text.Contains('/') && IPAddress.TryParse(text, out var address))
        {
            network = new IPNetwork(address, address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? 32 : 128);
            return true;
        }
        // Non-strict: "10.1.2.3/8" means 10.0.0.0/8, as most firewalls read it.
        if (text.Split('/') is [var prefix, var bits] && IPAddress.TryParse(prefix, out var start) && int.TryParse(bits, out var length)
            && length >= 0 && length <= (start.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? 32 : 128))
        {
            network = new IPNetwork(Masked(start, length), length);
            return true;
        }
        network = default;
        return false;
    }

    private static IPAddress Masked(IPAddress address, int length)
    {
        var bytes = address.GetAddressBytes();
        for (var i = 0; i < bytes.Length; i++)
        {
            var keep = Math.Clamp(length - i * 8, 0, 8);
            bytes[i] &= (byte)(0xFF << (8 - keep));
        }
        return new IPAddress(bytes);
    }
}
