using Transporter.Connectors.Azure;
using Transporter.Core.Storage;

namespace Transporter.Connectors.Tests.Azure;

public sealed class AzureMetadataMappingTests
{
    [Theory]
    [InlineData("color", "color")]
    [InlineData("with_underscore", "with_underscore")]
    [InlineData("_leading", "_leading")]
    [InlineData("content-id", "transporter_m_content_2did")]
    [InlineData("a.b", "transporter_m_a_2eb")]
    [InlineData("1st", "transporter_m_1st")]
    [InlineData("snake_and-kebab", "transporter_m_snake_5fand_2dkebab")]
    [InlineData("transporter_expires", "transporter_m_transporter_5fexpires")]
    [InlineData("é", "transporter_m__c3_a9")]
    public void Names_that_are_not_identifiers_are_escaped(string name, string azureName)
    {
        Assert.Equal(azureName, AzureMetadataMapping.EncodeName(name));
        Assert.Equal(name, AzureMetadataMapping.DecodeName(azureName));
    }

    [Theory]
    [InlineData("transporter_m_bad_zz")]
    [InlineData("transporter_m_trunc_2")]
    [InlineData("SomeOtherTool_Name")]
    public void Names_not_in_the_encoded_form_are_read_as_they_are(string azureName)
    {
        Assert.Equal(azureName, AzureMetadataMapping.DecodeName(azureName));
    }

    [Fact]
    public void Every_name_survives_the_round_trip_and_encodes_to_an_identifier()
    {
        string[] names = ["a", "a-b", "a--b", "a_2db", "x-amz-meta-like", "üñí", "a b", "a\tb", "日本", "a_", "_", "-", "transporter_m_x"];
        var encoded = names.Select(AzureMetadataMapping.EncodeName).ToList();

        Assert.Equal(names, encoded.Select(AzureMetadataMapping.DecodeName));
        Assert.Equal(names.Length, encoded.Distinct(StringComparer.OrdinalIgnoreCase).Count());
        Assert.All(encoded, n => Assert.Matches("^[A-Za-z_][A-Za-z0-9_]*$", n));
    }

    [Theory]
    [InlineData("plain ascii value")]
    [InlineData("café ☕")]
    [InlineData(" leading space")]
    [InlineData("line\nbreak")]
    [InlineData("=?UTF-8?B?bG9vaw==?=")]
    public void Values_round_trip(string value)
    {
        var encoded = AzureMetadataMapping.EncodeValue(value);

        Assert.Equal(value, AzureMetadataMapping.DecodeValue(encoded));
        Assert.All(encoded, c => Assert.InRange(c, ' ', '~'));
    }

    [Fact]
    public void Expires_is_kept_in_a_reserved_entry()
    {
        var metadata = AzureMetadataMapping.ToAzureMetadata(new Dictionary<string, string> { ["k"] = "v" }, "Thu, 01 Dec 2044 16:00:00 GMT");
        var (user, expires) = AzureMetadataMapping.FromAzureMetadata(metadata);

        Assert.Equal("Thu, 01 Dec 2044 16:00:00 GMT", metadata["transporter_expires"]);
        Assert.Equal("Thu, 01 Dec 2044 16:00:00 GMT", expires);
        Assert.Equal(["k"], user.Keys);
    }

    [Theory]
    [InlineData("azure-s3-hot", "Hot")]
    [InlineData("azure-s3-cool", "Cool")]
    [InlineData("azure-s3-archive", "Archive")]
    [InlineData("cool", "Cool")]
    [InlineData(null, null)]
    public void Subtypes_map_to_access_tiers(string? subtype, string? tier)
    {
        Assert.Equal(tier, AzureMetadataMapping.TierName(subtype));
    }

    [Fact]
    public void A_subtype_of_another_provider_is_refused()
    {
        var error = Assert.Throws<ObjectStoreException>(() => AzureMetadataMapping.TierName("aws-s3-glacier"));

        Assert.Equal(ObjectStoreErrorKind.InvalidRequest, error.Kind);
    }
}
