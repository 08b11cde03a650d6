using Transporter.Api.Http;

namespace Transporter.Api.Stats;

/// <summary>
/// The X-Lyve-Service header of the statistics endpoints: "transporter", "snap" or empty (absent), with or without the
/// quotes the spec's examples show. Transporter (and empty) select this platform's migrations; this platform runs no
/// Snap service, so "snap" statistics are empty. Anything else is refused.
/// </summary>
public static class LyveService
{
    public const string Header = "X-Lyve-Service";
    public const string Transporter = "transporter";
    public const string Snap = "snap";

    /// <summary>Reads the header; <paramref name="isSnap"/> when it asks for Snap's statistics.</summary>
    public static bool TryRead(HttpRequest request, out bool isSnap, out IResult? error)
    {
        isSnap = false;
        error = null;
        var values = request.Headers[Header];
        if (values.Count > 1)
        {
            error = ApiResults.BadRequest($"{Header} is given more than once");
            return false;
        }
        var value = values.Count == 0 ? "" : (values[0] ?? "").Trim().Trim('"').Trim();
        if (value.Length == 0 || value.Equals(Transporter, StringComparison.OrdinalIgnoreCase)) return true;
        if (value.Equals(Snap, StringComparison.OrdinalIgnoreCase))
        {
            isSnap = true;
            return true;
        }
        error = ApiResults.BadRequest($"{Header} must be \"{Transporter}\", \"{Snap}\" or empty, got \"{values[0]}\"");
        return false;
    }
}
