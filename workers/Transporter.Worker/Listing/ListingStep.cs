namespace Transporter.Worker.Listing;

/// <summary>What a lister is doing right now ("reading the source" during the preflight), to word the run's errors.</summary>
internal sealed class ListingStep
{
    public string Activity { get; private set; } = "";

    public bool InPreflight { get; private set; }

    public void Now(string activity, bool preflight = false) => (Activity, InPreflight) = (activity, preflight);

    /// <summary>"preflight: error reading the source: NoSuchBucket: ..."</summary>
    public string Failure(string details) => $"{Prefix}error {Activity}: {details}";

    /// <summary>"preflight: reading the source: ..."</summary>
    public string Note(string text) => $"{Prefix}{Activity}: {text}";

    private string Prefix => InPreflight ? "preflight: " : "";
}
