namespace Transporter.Core.Migrations;

/// <summary>What a worker needs to know of a run it works on: its state, and whether it is failing (stop copying now).</summary>
public readonly record struct RunControlState(MigrationState State, bool Failing);
