namespace Transporter.Core.Migrations;

/// <summary>A migration and its latest run (null before its first run, e.g. a scheduled migration not yet fired).</summary>
public sealed record MigrationWithRun(Migration Migration, MigrationRun? LatestRun);
