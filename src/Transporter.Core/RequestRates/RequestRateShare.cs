namespace Transporter.Core.RequestRates;

/// <summary>
/// An endpoint's allowed request rate for all processes together (requests per second; 0 = unlimited) and how many
/// processes send to it now. Each process paces at its share, <see cref="PerSender"/>, so two workers copying into one
/// throttled bucket together send what one alone would.
/// </summary>
public readonly record struct RequestRateShare(double Rate, int Senders)
{
    /// <summary>This process's part of the rate; 0 when unlimited.</summary>
    public double PerSender => Rate / Math.Max(1, Senders);
}
