namespace Transporter.Api.Scheduling.Persistence;

/// <summary>What <see cref="ScheduleRepository.TryClaimFiringAsync"/> decided about one firing.</summary>
public enum FiringClaim
{
    /// <summary>The firing is this caller's: a run is counted (undo with <see cref="ScheduleRepository.RecordSkipAsync"/>).</summary>
    Claimed,

    /// <summary>A firing for the same scheduled time was already handled (a second trigger at the same instant).</summary>
    Duplicate,

    /// <summary>No schedule, or disabled, or maxRuns reached: no run is due.</summary>
    Inactive,
}
