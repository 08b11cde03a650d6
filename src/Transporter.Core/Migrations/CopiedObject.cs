using Transporter.Core.Reports;
using Transporter.Core.Storage;

namespace Transporter.Core.Migrations;

/// <summary>The outcome of one listed object of a batch: what was listed and its report row.</summary>
public sealed record CopiedObject(ObjectSummary Item, ObjectReport Report);
