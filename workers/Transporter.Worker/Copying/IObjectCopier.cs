using Transporter.Core.Reports;
using Transporter.Core.Storage;

namespace Transporter.Worker.Copying;

/// <summary>
/// Copies one listed object from the source to the destination of a migration and records its fate
/// (docs/migration-engine.md, "Copying one object").
/// </summary>
public interface IObjectCopier
{
    /// <summary>
    /// Copies <paramref name="item"/>. An object's failure never throws: it is returned in the report's error fields
    /// (sourceReadingErr, destinationWritingErr, lyveWritingErr, sourceDeleteErr). Throws
    /// <see cref="OperationCanceledException"/> only when <paramref name="ct"/> is cancelled (pause, abort, shutdown);
    /// nothing is reported for a cancelled object and it is copied again later.
    /// </summary>
    Task<ObjectReport> CopyAsync(CopyContext context, ObjectSummary item, CancellationToken ct);
}
