namespace Transporter.Core.Migrations;

/// <summary>What a mirror sync's run does with its extraneous destination objects once its copies are done.</summary>
public enum DeletionVerdict
{
    /// <summary>No candidate is pending.</summary>
    Nothing,

    /// <summary>Within maxDelete and every object copied: delete them.</summary>
    Delete,

    /// <summary>Over maxDelete: nothing is deleted (the run's errors say why).</summary>
    Refused,

    /// <summary>Some objects failed to copy: nothing is deleted until a retry copies them.</summary>
    Skipped,
}
