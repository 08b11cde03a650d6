using Microsoft.Extensions.Options;

namespace Transporter.Core.Configuration;

/// <summary>How an executable reports settings it cannot start with: one line per problem, no stack trace.</summary>
public static class InvalidSettings
{
    /// <summary>The exit code of a process that stopped because of its settings.</summary>
    public const int ExitCode = 2;

    public static int Report(OptionsValidationException e, TextWriter output)
    {
        output.WriteLine("Transporter cannot start with these settings (docs/configuration.md describes them):");
        foreach (var failure in e.Failures) output.WriteLine("  - " + failure);
        output.Flush();
        return ExitCode;
    }
}
