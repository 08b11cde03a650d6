using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using CsvHelper;
using CsvHelper.Configuration;
using Transporter.Testing;

namespace Transporter.EndToEnd.Tests.Reports;

/// <summary>What a user does with a "reports ready" mail: take the link, download it with a plain HTTP client (no
/// signature), unpack it with GNU tar and read the CSV files.</summary>
public static class ReportDownloads
{
    public static string LinkIn(SmtpSink.ReceivedMail mail) =>
        Regex.Match(mail.Text ?? "", @"https?://\S+/reports/download/\S+").Value is { Length: > 0 } link ? link
            : throw new InvalidOperationException($"no download link in the mail:\n{mail.Text}");

    /// <summary>GETs <paramref name="link"/> without any signature; saves a 200 answer's body to a file.</summary>
    public static async Task<(HttpResponseMessage Response, string? File)> DownloadAsync(string link, string directory)
    {
        using var http = new HttpClient();
        var response = await http.GetAsync(link, HttpCompletionOption.ResponseHeadersRead);
        if (response.StatusCode != HttpStatusCode.OK) return (response, null);
        var file = Path.Combine(directory, "download.tar.gz");
        await using (var output = File.Create(file))
            await response.Content.CopyToAsync(output);
        return (response, file);
    }

    /// <summary>Unpacks the archive with GNU tar into <paramref name="directory"/> and returns the entry names it lists.</summary>
    public static async Task<IReadOnlyList<string>> UntarAsync(string archive, string directory)
    {
        var listed = (await CommandLine.RunAsync("tar", ["tzf", archive])).EnsureSuccess();
        (await CommandLine.RunAsync("tar", ["xzf", archive, "-C", directory])).EnsureSuccess();
        return listed.StdOut.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
    }

    /// <summary>The rows of a report CSV (its '#' explanation lines skipped), each as column name → value.</summary>
    public static List<Dictionary<string, string>> ReadCsv(string path)
    {
        using var reader = new StreamReader(path);
        using var csv = new CsvReader(reader, new CsvConfiguration(CultureInfo.InvariantCulture) { AllowComments = true, Comment = '#' });
        csv.Read();
        csv.ReadHeader();
        var header = csv.HeaderRecord!;
        var rows = new List<Dictionary<string, string>>();
        while (csv.Read()) rows.Add(header.ToDictionary(h => h, h => csv.GetField(h)!, StringComparer.Ordinal));
        return rows;
    }
}
