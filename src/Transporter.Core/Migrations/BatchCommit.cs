namespace Transporter.Core.Migrations;

/// <summary>What a batch commit changed in its run's counters (differences, so a redelivered or retried object is
/// counted once).</summary>
/// <param name="Completed">Change of filesCompleted.</param>
/// <param name="Failed">Change of filesFailed (negative when retried objects now succeeded).</param>
/// <param name="Bytes">Change of bytesTransmitted.</param>
/// <param name="NewFailures">Objects that failed in this commit (statistics points), whether or not they had failed before.</param>
public sealed record BatchCommit(long Completed, long Failed, long Bytes, long NewFailures);
