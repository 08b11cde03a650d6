using Transporter.Core.Migrations;

namespace Transporter.Api.Migrations.Commands;

/// <summary>The outcome of <see cref="MigrationCreator.CreateAsync"/>: the stored migration, or why nothing was stored.</summary>
public sealed record MigrationCreation(Migration? Created, IReadOnlyList<string> Errors);
