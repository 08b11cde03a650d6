using Transporter.Testing;

namespace Transporter.Api.Tests.Hosting;

/// <summary>The platform executable and its settings: a bad value stops it, an unknown variable is a warning.</summary>
public class SettingsAtStartTests
{
    [Fact]
    public async Task A_bad_setting_stops_the_platform_with_exit_code_2_and_one_line_naming_the_variable()
    {
        var failure = await Assert.ThrowsAsync<InvalidOperationException>(() => PlatformProcess.StartAsync(extraEnv: new Dictionary<string, string>
        {
            ["TRANSPORTER_COPY_CONCURRENCY"] = "0",
            ["TRANSPORTER_REPORT_LEASE_SECONDS"] = "soon",
        }));

        Assert.Contains("platform exited with 2", failure.Message);
        Assert.Contains("  - TRANSPORTER_REPORT_LEASE_SECONDS must be a whole number, got 'soon'", failure.Message);
        Assert.DoesNotContain(" at Transporter.", failure.Message);
    }

    [Fact]
    public async Task An_unknown_variable_is_a_warning_naming_the_closest_known_one()
    {
        await using var platform = await PlatformProcess.StartAsync(extraEnv: new Dictionary<string, string> { ["TRANSPORTER_COPY_CONCURENCY"] = "8" });

        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!platform.Output.Contains("TRANSPORTER_COPY_CONCURENCY", StringComparison.Ordinal) && DateTime.UtcNow < deadline)
            await Task.Delay(50);
        Assert.Contains("The environment variable TRANSPORTER_COPY_CONCURENCY is not a Transporter setting and is ignored; did you mean "
            + "TRANSPORTER_COPY_CONCURRENCY?", platform.Output);
    }
}
