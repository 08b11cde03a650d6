namespace Transporter.Core.Migrations;

/// <summary>Where an extraneous destination object of a mirror sync stands (run_deletions.status).</summary>
public static class DeletionStatus
{
    /// <summary>Listed; deleted once every listed object was copied, unless the guard refuses.</summary>
    public const string Pending = "pending";

    public const string Deleted = "deleted";

    /// <summary>The destination refused the delete (the error says why); POST /retry tries again.</summary>
    public const string Failed = "failed";

    /// <summary>Over maxDelete: nothing of the run was deleted.</summary>
    public const string Refused = "refused";

    /// <summary>Not deleted because some objects failed to copy; POST /retry copies them and then deletes.</summary>
    public const string Skipped = "skipped";
}
