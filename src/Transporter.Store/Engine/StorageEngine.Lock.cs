namespace Transporter.Store.Engine;

/// <summary>Object lock: what keeps a version from being removed.</summary>
public sealed partial class StorageEngine
{
    /// <summary>AccessDenied while a legal hold is on, or retention runs (GOVERNANCE yields to
    /// <paramref name="bypassGovernance"/>, COMPLIANCE to nothing).</summary>
    private void CheckRemovable(string? lockMode, long? lockUntil, bool legalHold, bool bypassGovernance)
    {
        if (legalHold) throw new StoreException(StoreErrorCode.AccessDenied, "Access Denied because object protected by object lock.");
        if (lockMode is null || lockUntil is not { } until || until <= Now()) return;
        if (lockMode == "GOVERNANCE" && bypassGovernance) return;
        throw new StoreException(StoreErrorCode.AccessDenied, "Access Denied because object protected by object lock.");
    }
}
