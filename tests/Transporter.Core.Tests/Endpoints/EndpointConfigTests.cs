using System.Text.Json;
using Transporter.Core.Endpoints;

namespace Transporter.Core.Tests.Endpoints;

public class EndpointConfigTests
{
    private static EndpointConfig Parse(string json) => JsonSerializer.Deserialize<EndpointConfig>(json)!;

    [Fact]
    public void Spec_example_is_valid_and_secrets_can_be_stripped()
    {
        var config = Parse("""{"type":"s3v4","accessKey":"A","secretKey":"S","bucket":"b","prefix":"p/","endpoint":"https://s3.lyve.seagate.com"}""");

        Assert.Empty(config.Validate(EndpointRole.Source));
        var json = JsonSerializer.Serialize(config.WithoutSecrets(), new JsonSerializerOptions { DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull });
        Assert.DoesNotContain("\"S\"", json);
        Assert.DoesNotContain("accessKey", json);
    }

    [Theory]
    [InlineData("""{"type":"ftp","accessKey":"A","secretKey":"S","bucket":"b","endpoint":"x.com"}""", "unknown type 'ftp'")]
    [InlineData("""{"accessKey":"A","secretKey":"S","bucket":"b","endpoint":"x.com"}""", "type is required")]
    [InlineData("""{"type":"aws","secretKey":"S","bucket":"b","endpoint":"x.com"}""", "accessKey is required")]
    [InlineData("""{"type":"aws","accessKey":"A","secretKey":"S","endpoint":"x.com"}""", "bucket is required")]
    [InlineData("""{"type":"aws","accessKey":"A","secretKey":"S","bucket":"b","endpoint":"x.com","subtype":"aws-s3-glacier"}""", "subtype is valid only for the destination")]
    [InlineData("""{"type":"gcp-native","bucket":"b","endpoint":"https://storage.googleapis.com"}""", "gcsConfig")]
    public void Invalid_source_names_the_problem(string json, string expected)
    {
        Assert.Contains(Parse(json).Validate(EndpointRole.Source), e => e.Contains(expected));
    }

    [Fact]
    public void Destination_subtype_must_belong_to_its_provider()
    {
        var config = Parse("""{"type":"azure","accessKey":"acct","secretKey":"a2V5","bucket":"photos","endpoint":"http://127.0.0.1:10000/acct","subtype":"aws-s3-glacier"}""");
        Assert.Contains(config.Validate(EndpointRole.Destination), e => e.Contains("azure-s3-hot"));
        Assert.Empty((config with { Subtype = "azure-s3-cool" }).Validate(EndpointRole.Destination));
    }
}
