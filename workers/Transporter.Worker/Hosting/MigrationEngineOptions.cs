namespace Transporter.Worker.Hosting;

/// <summary>
/// Tuning of listers and workers, bound from the "Transporter" section like the platform settings (so
/// TRANSPORTER_COPY_CONCURRENCY sets <see cref="CopyConcurrency"/>). The defaults suit the embedded platform.
/// </summary>
public sealed class MigrationEngineOptions
{
    /// <summary>Objects copied at once by this process, over all batches.</summary>
    public int CopyConcurrency { get; set; } = 16;

    /// <summary>Batches a process works on at once (the copy consumer's concurrent message limit).</summary>
    public int BatchConcurrency { get; set; } = 4;

    /// <summary>How long a lister's claim on a run lasts without renewal; a dead process's runs are resumed by another
    /// after this. Renewed every third of it.</summary>
    public int ListerLeaseSeconds { get; set; } = 30;

    /// <summary>How long a worker's claim on a batch lasts without renewal. Renewed every third of it.</summary>
    public int BatchLeaseSeconds { get; set; } = 30;

    /// <summary>More outstanding batches than this make the lister wait (backpressure; memory stays flat).</summary>
    public int MaxOutstandingBatches { get; set; } = 64;

    /// <summary>A batch still copying after this long gives its unstarted objects back and is published again, so no
    /// delivery outlives a broker's acknowledgement timeout (RabbitMQ's is 30 minutes).</summary>
    public int BatchTimeBudgetSeconds { get; set; } = 600;

    /// <summary>Runs one process supervises at once.</summary>
    public int MaxSupervisedRuns { get; set; } = 64;

    /// <summary>An active run without progress (a state change, objects listed, copied or failed) for this long gets a
    /// line in its errors saying what it waits for, and its supervisor repairs what it can.</summary>
    public int StallSeconds { get; set; } = 120;

    /// <summary>A preflight still waiting for an endpoint after this long says so in the run's errors.</summary>
    public int PreflightWarningSeconds { get; set; } = 30;

    /// <summary>How often a worker process aborts the multipart uploads that finished runs left open.</summary>
    public int UploadSweepSeconds { get; set; } = 30;

    public TimeSpan ListerLease => TimeSpan.FromSeconds(ListerLeaseSeconds);

    public TimeSpan BatchLease => TimeSpan.FromSeconds(BatchLeaseSeconds);

    /// <summary>Problems with the settings, each naming its variable; empty when valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (CopyConcurrency is < 1 or > 1024) errors.Add($"TRANSPORTER_COPY_CONCURRENCY must be 1..1024, got {CopyConcurrency}");
        if (BatchConcurrency is < 1 or > 256) errors.Add($"TRANSPORTER_BATCH_CONCURRENCY must be 1..256, got {BatchConcurrency}");
        if (ListerLeaseSeconds is < 3 or > 3600) errors.Add($"TRANSPORTER_LISTER_LEASE_SECONDS must be 3..3600, got {ListerLeaseSeconds}");
        if (BatchLeaseSeconds is < 3 or > 3600) errors.Add($"TRANSPORTER_BATCH_LEASE_SECONDS must be 3..3600, got {BatchLeaseSeconds}");
        if (MaxOutstandingBatches < 1) errors.Add($"TRANSPORTER_MAX_OUTSTANDING_BATCHES must be at least 1, got {MaxOutstandingBatches}");
        if (BatchTimeBudgetSeconds < 10) errors.Add($"TRANSPORTER_BATCH_TIME_BUDGET_SECONDS must be at least 10, got {BatchTimeBudgetSeconds}");
        if (MaxSupervisedRuns < 1) errors.Add($"TRANSPORTER_MAX_SUPERVISED_RUNS must be at least 1, got {MaxSupervisedRuns}");
        if (StallSeconds is < 2 or > 86400) errors.Add($"TRANSPORTER_STALL_SECONDS must be 2..86400, got {StallSeconds}");
        if (PreflightWarningSeconds is < 1 or > 3600) errors.Add($"TRANSPORTER_PREFLIGHT_WARNING_SECONDS must be 1..3600, got {PreflightWarningSeconds}");
        if (UploadSweepSeconds is < 1 or > 86400) errors.Add($"TRANSPORTER_UPLOAD_SWEEP_SECONDS must be 1..86400, got {UploadSweepSeconds}");
        return errors;
    }
}
