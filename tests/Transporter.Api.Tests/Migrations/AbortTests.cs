using System.Net;
using Transporter.Api.Tests.Migrations.Fixtures;
using Transporter.Api.Tests.Reports;
using Transporter.Testing;

namespace Transporter.Api.Tests.Migrations;

/// <summary>POST /abort/:id of a migration that has already ended: the spec answers an abort with 200 and names no
/// refusal, so it is accepted and changes nothing (the GUI gives the same answer: MigrationControlTests in Gui.Tests).</summary>
[Collection(ApiPlatformCollection.Name)]
public sealed class AbortTests(ApiPlatformFixture fixture)
{
    [Fact]
    public async Task Aborting_a_migration_that_has_ended_is_accepted_and_changes_nothing()
    {
        using var s3 = S3ClientFactory.For(fixture.Platform);
        var source = await ApiRuns.NewBucketAsync(s3, "abort-ended-src", 3, _ => 1000);
        var destination = await ApiRuns.NewBucketAsync(s3, "abort-ended-dst", 0, _ => 0);
        var p = fixture.Platform;
        var id = await ApiRuns.CreateAsync(fixture.Root, new
        {
            source = ApiRuns.Endpoint(p.S3Url, p.RootAccessKey, p.RootSecretKey, source),
            destination = ApiRuns.Endpoint(p.S3Url, p.RootAccessKey, p.RootSecretKey, destination),
        });
        var ended = await ApiRuns.WaitForEndAsync(fixture.Root, id);
        Assert.Equal(2, ended.GetProperty("state").GetInt32());

        var abort = await fixture.Root.PostAsync($"/abort/{id}");

        Assert.Equal(HttpStatusCode.OK, abort.Status);
        var after = (await fixture.Root.GetAsync($"/state/{id}")).Json;
        Assert.Equal((2, "Completed", 3L), (after.GetProperty("state").GetInt32(), after.GetProperty("stateDescription").GetString(),
            after.GetProperty("filesCompleted").GetInt64()));
        Assert.Equal(ended.GetProperty("lastUpdate").GetString(), after.GetProperty("lastUpdate").GetString());
    }
}
