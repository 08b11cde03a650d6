namespace Transporter.Core.Configuration;

public sealed partial class TransporterOptions
{
    /// <summary>Objects copied at once by this process, over all batches, at the start and at least: more are tried while
    /// throughput grows with them, up to <see cref="MaxCopyConcurrency"/>.</summary>
    public int CopyConcurrency { get; set; } = 16;

    /// <summary>The most objects copied at once by this process (never fewer than <see cref="CopyConcurrency"/>); at or
    /// below it, the number is fixed.</summary>
    public int MaxCopyConcurrency { get; set; } = 128;

    /// <summary>GetObject and small PutObject requests to lyve and s3v4 endpoints go out as plain HTTP requests signed by the
    /// platform's own SigV4 signer (docs/decisions/s3-data-path.md); false sends them through AWSSDK.S3 like the rest.</summary>
    public bool S3LeanDataPath { get; set; } = true;

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

    /// <summary>The wait before a failed webhook delivery is tried again the first time; it doubles per attempt (at most
    /// an hour).</summary>
    public double WebhookRetrySeconds { get; set; } = 10;

    /// <summary>Attempts at a webhook delivery before it is given up (with the default retry, about 21 minutes).</summary>
    public int WebhookMaxAttempts { get; set; } = 8;

    /// <summary>How long one webhook POST may take.</summary>
    public int WebhookTimeoutSeconds { get; set; } = 10;
    /// <summary>How often a worker process aborts the multipart uploads that finished runs left open.</summary>
    public int UploadSweepSeconds { get; set; } = 30;

    public TimeSpan ListerLease => TimeSpan.FromSeconds(ListerLeaseSeconds);

    public TimeSpan BatchLease => TimeSpan.FromSeconds(BatchLeaseSeconds);
}
