using System.Security.Cryptography;
using Microsoft.Extensions.Logging.Abstractions;
using Transporter.Core.Endpoints;
using Transporter.Core.Migrations;
using Transporter.Core.Migrations.Persistence;
using Transporter.Core.Persistence;
using Transporter.Core.Security;
using Transporter.Testing;
using Transporter.Worker.Copying;

namespace Transporter.Worker.Tests.Copying;

/// <summary>A run in a real (SQLite) migration database, whose upload checkpoints a copier test writes and resumes from,
/// as the workers of one run do.</summary>
public sealed class CheckpointedRun
{
    private CheckpointedRun(UploadCheckpointRepository checkpoints, Guid runId)
    {
        Checkpoints = checkpoints;
        RunId = runId;
    }

    public UploadCheckpointRepository Checkpoints { get; }

    public Guid RunId { get; }

    /// <summary>What a worker copying an object of this run passes to the copier.</summary>
    public UploadCheckpoints Uploads => new(Checkpoints, RunId, NullLogger.Instance);

    public static async Task<CheckpointedRun> CreateAsync(EndpointConfig source, EndpointConfig destination)
    {
        var database = Database.Sqlite(Path.Combine(RepoPaths.NewTempDir("checkpoints"), "transporter.db"));
        var migrationDatabase = new MigrationDatabase(database, TimeProvider.System);
        var repository = new MigrationRepository(migrationDatabase, new SecretProtector(RandomNumberGenerator.GetBytes(32)));
        var migration = new Migration
        {
            Id = Guid.NewGuid(),
            Root = "acme",
            UserName = "root",
            Kind = MigrationKind.Migration,
            Source = source.WithoutSecrets(),
            Destination = destination.WithoutSecrets(),
        };
        var run = await repository.CreateAsync(migration, new EndpointPair(source, destination), startNow: true)
            ?? throw new InvalidOperationException("no run was created");
        return new CheckpointedRun(new UploadCheckpointRepository(migrationDatabase), run.Id);
    }
}
