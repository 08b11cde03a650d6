using System.Net;
using Transporter.EndToEnd.Tests.Migrations;

namespace Transporter.EndToEnd.Tests.Cloud;

/// <summary>What the platform answers about Azure endpoints before copying: POST /test-storage, POST /list-buckets and
/// the preflight of a migration, with Azurite's own refusals passed on.</summary>
[Collection(CloudCollection.Name)]
public sealed class AzureEndpointCheckTests(CloudUnderTest env)
{
    /// <summary>A well-formed account key that is not Azurite's.</summary>
    private static readonly string WrongKey = Convert.ToBase64String(Enumerable.Range(0, 64).Select(i => (byte)(i * 7)).ToArray());

    [Fact]
    public async Task A_wrong_account_key_fails_the_preflight_and_test_storage_with_Azures_error()
    {
        var container = CloudUnderTest.NewName("az-wrong-key");
        await env.Azure.CreateContainersAsync(container);
        await env.Azure.PutAsync([BlobSpec.For(container, "one", env.Files.Write(10, 1))]);
        var destination = await Buckets.CreateAsync(env.Local, "az-wrong-key-dst");

        var id = await MigrationApi.CreateAsync(env.Api, new { source = env.AzureEndpoint(container, accountKey: WrongKey), destination = Buckets.Endpoint(env.Platform, destination) });
        var failed = await MigrationApi.WaitForFinishAsync(env.Api, id);

        Assert.Equal((6, "Failed"), (failed.State(), failed.GetProperty("stateDescription").GetString()));
        var error = Assert.Single(failed.GetProperty("errors").EnumerateArray()).GetString()!;
        Assert.Contains("AuthorizationFailure", error);
        Assert.Contains("Server failed to authenticate the request", error);
        Assert.Empty(await Buckets.ListAsync(env.Local, destination));

        var test = await env.Api.PostAsync("/test-storage", new { config = env.AzureEndpoint(container, accountKey: WrongKey), read = true });
        AssertInvalidConfiguration(test, "AuthorizationFailure, details: AuthorizationFailure: Server failed to authenticate the request");
        var list = await env.Api.PostAsync("/list-buckets", Without(env.AzureEndpoint(container, accountKey: WrongKey), "bucket"));
        AssertInvalidConfiguration(list, "AuthorizationFailure, details: AuthorizationFailure: Server failed to authenticate the request");
    }

    [Fact]
    public async Task A_missing_container_fails_the_preflight_and_test_storage_with_ContainerNotFound()
    {
        var missing = CloudUnderTest.NewName("az-missing");
        var source = await Buckets.CreateAsync(env.Local, "az-missing-src");
        await Buckets.PutAsync(env.Local, source, "one", Buckets.Content(10, 1));

        var id = await MigrationApi.CreateAsync(env.Api, new { source = Buckets.Endpoint(env.Platform, source), destination = env.AzureEndpoint(missing) });
        var failed = await MigrationApi.WaitForFinishAsync(env.Api, id);

        Assert.Equal(6, failed.State());
        var error = Assert.Single(failed.GetProperty("errors").EnumerateArray()).GetString()!;
        Assert.Contains("ContainerNotFound", error);
        Assert.DoesNotContain(missing, await env.Azure.ListContainersAsync());

        foreach (var check in new[] { new { read = true, write = false, delete = false }, new { read = false, write = true, delete = true } })
        {
            var test = await env.Api.PostAsync("/test-storage", new { config = env.AzureEndpoint(missing), check.read, check.write, check.delete });
            AssertInvalidConfiguration(test, "ContainerNotFound, details: ContainerNotFound: The specified container does not exist.");
        }
    }

    [Fact]
    public async Task Test_storage_passes_on_a_good_container_and_leaves_no_probe_behind()
    {
        var container = CloudUnderTest.NewName("az-test-ok");
        await env.Azure.CreateContainersAsync(container);

        var test = await env.Api.PostAsync("/test-storage", new { config = env.AzureEndpoint(container), read = true, write = true, delete = true });

        Assert.True(test.Status == HttpStatusCode.OK, test.ToString());
        Assert.Empty(await env.Azure.DescribeAsync(container));
    }

    [Fact]
    public async Task List_buckets_lists_the_Azurite_containers()
    {
        var names = new[] { CloudUnderTest.NewName("az-list-a"), CloudUnderTest.NewName("az-list-b"), CloudUnderTest.NewName("az-list-c") };
        await env.Azure.CreateContainersAsync(names);

        var response = await env.Api.PostAsync("/list-buckets", Without(env.AzureEndpoint("unused"), "bucket"));

        Assert.True(response.Status == HttpStatusCode.OK, response.ToString());
        var listed = response.Json.EnumerateArray().Select(b => b.GetProperty("name").GetString()!).ToList();
        Assert.Superset(names.ToHashSet(), listed.ToHashSet());
        Assert.Equal((await env.Azure.ListContainersAsync()).Order(StringComparer.Ordinal), listed.Order(StringComparer.Ordinal));
    }

    private static Dictionary<string, object?> Without(Dictionary<string, object?> endpoint, string field)
    {
        endpoint.Remove(field);
        return endpoint;
    }

    /// <summary>The spec's negative answer of /test-storage and /list-buckets, with the provider's code first in details.</summary>
    internal static void AssertInvalidConfiguration(Testing.Api.ApiResponse response, string detailsStart)
    {
        Assert.True(response.Status == HttpStatusCode.BadRequest, response.ToString());
        Assert.Equal("invalid configuration for the storage", response.Json.GetProperty("error").GetString());
        Assert.StartsWith(detailsStart, response.Json.GetProperty("details").GetString());
    }
}
