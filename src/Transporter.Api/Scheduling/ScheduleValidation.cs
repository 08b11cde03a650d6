using Transporter.Core.Scheduling;

namespace Transporter.Api.Scheduling;

/// <summary>What makes a schedule unusable (a crontab of POST /migrations and the like, or a POST /recurring body),
/// each problem worded for "details": the cron spec's own parse error names the field and value at fault.</summary>
public static class ScheduleValidation
{
    public static IReadOnlyList<string> Validate(string? spec, int? maxRuns, int? runs = null, bool maxRunsRequired = false)
    {
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(spec)) errors.Add("spec is required");
        else if (!CronSpec.TryParse(spec, out _, out var error)) errors.Add($"spec \"{spec}\": {error}");
        if (maxRuns is null && maxRunsRequired) errors.Add("maxRuns is required (0 means unlimited)");
        if (maxRuns < 0) errors.Add($"maxRuns must be 0 (unlimited) or more, got {maxRuns}");
        if (runs < 0) errors.Add($"runs must be 0 (reset the counter) or more, got {runs}");
        return errors;
    }
}
