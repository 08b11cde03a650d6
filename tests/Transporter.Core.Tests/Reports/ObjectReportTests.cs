using System.Text.Json;
using System.Text.Json.Nodes;
using Transporter.Core.Reports;

namespace Transporter.Core.Tests.Reports;

public class ObjectReportTests
{
    // The first report of the spec's "Retrieve error reports" example, verbatim.
    private const string SpecExample = """
        {
        "sourceBucket": "test-s",
        "destinationBucket": "test-d",
        "objectKey": "apierror/server_error.go",
        "startTime": "2021-04-19T12:55:53Z",
        "connectionDuration": 0,
        "copyDuration": 0,
        "finishTime": "2021-04-19T12:55:53Z",
        "bytesCopied": 0,
        "sourceETag": "",
        "destinationETag": "",
        "tagsCopied": false,
        "systemMetadataCopied": false,
        "userMetadataCopied": false,
        "sseEnabled": false,
        "sourceReadingErr": "nosuchkey: the specified key does not exist status code: 404, request id: , host id: ",
        "destinationWritingErr": "",
        "lyveWritingErr": "",
        "sourceDeleteErr": ""
        }
        """;

    [Fact]
    public void Serializes_exactly_like_the_spec_example()
    {
        var report = JsonSerializer.Deserialize<ObjectReport>(SpecExample)!;

        Assert.Equal("apierror/server_error.go", report.ObjectKey);
        Assert.Equal(new DateTimeOffset(2021, 4, 19, 12, 55, 53, TimeSpan.Zero), report.StartTime);
        Assert.False(report.Succeeded);
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(SpecExample), JsonNode.Parse(JsonSerializer.Serialize(report))));
    }

    [Fact]
    public void Times_are_utc_with_z_and_durations_are_seconds()
    {
        var report = new ObjectReport
        {
            ObjectKey = "k",
            StartTime = new DateTimeOffset(2025, 6, 1, 14, 0, 0, TimeSpan.FromHours(2)).AddMilliseconds(250),
            FinishTime = new DateTimeOffset(2025, 6, 1, 12, 0, 3, TimeSpan.Zero),
            ConnectionDuration = 0.125,
            CopyDuration = 2.5,
            BytesCopied = 1L << 40,
        };

        var json = JsonNode.Parse(JsonSerializer.Serialize(report))!;

        Assert.Equal("2025-06-01T12:00:00.25Z", (string?)json["startTime"]);
        Assert.Equal("2025-06-01T12:00:03Z", (string?)json["finishTime"]);
        Assert.Equal(0.125, (double)json["connectionDuration"]!);
        Assert.Equal(2.5, (double)json["copyDuration"]!);
        Assert.Equal(1L << 40, (long)json["bytesCopied"]!);
        Assert.True(report.Succeeded);
        Assert.Equal(report, JsonSerializer.Deserialize<ObjectReport>(json.ToJsonString()));
    }

    [Theory]
    [InlineData("sourceReadingErr")]
    [InlineData("destinationWritingErr")]
    [InlineData("lyveWritingErr")]
    [InlineData("sourceDeleteErr")]
    public void Any_error_field_makes_the_row_a_failure(string field)
    {
        var json = new JsonObject { ["objectKey"] = "k", [field] = "boom" };
        Assert.False(JsonSerializer.Deserialize<ObjectReport>(json.ToJsonString())!.Succeeded);
    }
}
