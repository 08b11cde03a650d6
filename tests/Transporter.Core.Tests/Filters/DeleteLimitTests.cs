using System.Text.Json;
using Transporter.Core.Migrations;

namespace Transporter.Core.Tests.Filters;

public class DeleteLimitTests
{
    [Theory]
    [InlineData("100", 100, 1000, true)]
    [InlineData("100", 101, 1000, false)]
    [InlineData("0", 0, 10, true)]
    [InlineData("0", 1, 10, false)]
    [InlineData("\"10%\"", 100, 1000, true)]
    [InlineData("\"10%\"", 101, 1000, false)]
    [InlineData("\"2.5%\"", 1, 40, true)]
    [InlineData("\"2.5%\"", 2, 40, false)]
    [InlineData("\"100%\"", 7, 7, true)]
    public void Allows_a_count_or_a_percentage_of_the_destination(string json, long deletions, long destination, bool expected)
    {
        var limit = DeleteLimit.Parse(JsonDocument.Parse(json).RootElement, out var error);

        Assert.Null(error);
        Assert.Equal(expected, limit!.Allows(deletions, destination));
    }

    [Theory]
    [InlineData("-1")]
    [InlineData("1.5")]
    [InlineData("\"101%\"")]
    [InlineData("\"-1%\"")]
    [InlineData("\"ten\"")]
    [InlineData("true")]
    public void Refuses_anything_else_naming_the_field(string json)
    {
        Assert.Null(DeleteLimit.Parse(JsonDocument.Parse(json).RootElement, out var error));
        Assert.StartsWith("maxDelete must be", error);
    }

    [Theory]
    [InlineData("{\"maxDelete\":100}")]
    [InlineData("{\"maxDelete\":\"12.5%\"}")]
    public void Round_trips_as_the_API_writes_it(string json)
    {
        var controls = JsonSerializer.Deserialize<MigrationControls>(json)!;

        Assert.Equal(json, JsonSerializer.Serialize(controls, new JsonSerializerOptions { DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingDefault }));
    }
}
