namespace Transporter.Core.Migrations;

/// <summary>The outstanding batches of a run: waiting for a worker (pending), being copied (working), and of those, held by
/// a worker whose lease expired.</summary>
public sealed record OutstandingBatches(long Pending, long PendingObjects, long Working, long WorkingObjects, long Expired)
{
    public bool None => Pending == 0 && Working == 0;
}
