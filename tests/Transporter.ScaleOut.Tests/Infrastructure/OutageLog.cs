namespace Transporter.ScaleOut.Tests.Infrastructure;

/// <summary>The lines a process logged about an outage, for the test's output: warnings, errors and the recovery
/// messages, without stack traces, at most 80 lines.</summary>
public static class OutageLog
{
    public static string Excerpt(string log)
    {
        var lines = log.Split('\n').Select(l => l.TrimEnd('\r')).ToList();
        var kept = new List<string>();
        for (var i = 0; i < lines.Count && kept.Count < 80; i++)
        {
            if (!lines[i].StartsWith("warn:", StringComparison.Ordinal) && !lines[i].StartsWith("fail:", StringComparison.Ordinal)
                && !lines[i].StartsWith("info:", StringComparison.Ordinal)) continue;
            // The message is on the next line of the console formatter.
            var message = i + 1 < lines.Count ? lines[i + 1].Trim() : "";
            if (lines[i].StartsWith("info:", StringComparison.Ordinal) && !message.Contains("again", StringComparison.Ordinal)) continue;
            kept.Add($"{lines[i].Split(' ')[0]} {message}");
        }
        return string.Join('\n', kept);
    }
}
