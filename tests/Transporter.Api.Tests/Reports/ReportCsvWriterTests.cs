using Transporter.Api.Reports;

namespace Transporter.Api.Tests.Reports;

public class ReportCsvWriterTests
{
    private static string Row(Action<ReportCsvWriter> write)
    {
        var text = new StringWriter();
        using (var csv = new ReportCsvWriter(text)) write(csv);
        return text.ToString();
    }

    [Theory]
    [InlineData("plain/key.txt", "plain/key.txt")]
    [InlineData("", "")]
    [InlineData("with,comma", "\"with,comma\"")]
    [InlineData("say \"hi\"", "\"say \"\"hi\"\"\"")]
    [InlineData("\"", "\"\"\"\"")]
    [InlineData("line\nbreak", "\"line\nbreak\"")]
    [InlineData("cr\rhere", "\"cr\rhere\"")]
    [InlineData("#not-a-comment", "\"#not-a-comment\"")]
    [InlineData("in#side", "in#side")]
    [InlineData(" leading", "\" leading\"")]
    [InlineData("trailing ", "\"trailing \"")]
    [InlineData("tab\tinside", "tab\tinside")]
    [InlineData("ünïcödé/日本語", "ünïcödé/日本語")]
    public void Fields_are_quoted_exactly_when_a_reader_needs_it(string value, string written)
    {
        Assert.Equal(written + ",x\r\n", Row(csv =>
        {
            csv.WriteField(value);
            csv.WriteField("x");
            csv.EndRow();
        }));
    }

    [Fact]
    public void Numbers_times_and_flags_use_the_invariant_culture_and_round_trip()
    {
        var culture = Thread.CurrentThread.CurrentCulture;
        Thread.CurrentThread.CurrentCulture = new System.Globalization.CultureInfo("de-DE");
        try
        {
            var row = Row(csv =>
            {
                csv.WriteField(0.1 + 0.2);
                csv.WriteField(1234567890123L);
                csv.WriteField(true);
                csv.WriteField(false);
                csv.WriteField(new DateTimeOffset(2021, 4, 19, 12, 55, 53, 250, TimeSpan.FromHours(2)));
                csv.EndRow();
                csv.WriteComment(" explained");
            });

            Assert.Equal("0.30000000000000004,1234567890123,True,False,2021-04-19T10:55:53.25Z\r\n# explained\r\n", row);
        }
        finally
        {
            Thread.CurrentThread.CurrentCulture = culture;
        }
    }
}
