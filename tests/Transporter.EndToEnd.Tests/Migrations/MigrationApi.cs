using System.Net;
using System.Text.Json;
using Transporter.Testing.Api;

namespace Transporter.EndToEnd.Tests.Migrations;

/// <summary>The API calls the scenarios make, with their answers checked.</summary>
public static class MigrationApi
{
    /// <summary>POSTs to /migrations or /sync (with <paramref name="query"/>) and returns the new id.</summary>
    public static async Task<string> CreateAsync(TransporterApiClient api, object? body, string path = "/migrations", string query = "")
    {
        var response = await api.PostAsync(path + query, body);
        Assert.True(response.Status == HttpStatusCode.Created, $"POST {path}{query}: {response}");
        return response.Json.GetProperty("id").GetString()!;
    }

    public static async Task<JsonElement> StateAsync(TransporterApiClient api, string id)
    {
        var response = await api.GetAsync($"/state/{id}");
        Assert.True(response.Status == HttpStatusCode.OK, $"GET /state/{id}: {response}");
        return response.Json;
    }

    /// <summary>Polls GET /state until <paramref name="done"/> holds (404 while no worker started the run).</summary>
    public static async Task<JsonElement> WaitAsync(TransporterApiClient api, string id, Func<JsonElement, bool> done, int seconds = 120)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        ApiResponse? last = null;
        while (DateTime.UtcNow < deadline)
        {
            last = await api.GetAsync($"/state/{id}");
            if (last.Status == HttpStatusCode.OK && done(last.Json)) return last.Json;
            await Task.Delay(100);
        }
        throw new TimeoutException($"migration {id} did not reach the expected state in {seconds} s; last: {last}");
    }

    public static Task<JsonElement> WaitForStateAsync(TransporterApiClient api, string id, int state, int seconds = 120) =>
        WaitAsync(api, id, s => s.GetProperty("state").GetInt32() == state, seconds);

    /// <summary>Waits until the run is finished (Completed, Terminated, Failed, CompletedWithErrors).</summary>
    public static Task<JsonElement> WaitForFinishAsync(TransporterApiClient api, string id, int seconds = 180) =>
        WaitAsync(api, id, s => s.GetProperty("state").GetInt32() is 2 or 3 or 6 or 7, seconds);

    public static long Long(this JsonElement state, string name) => state.GetProperty(name).GetInt64();

    public static int State(this JsonElement state) => state.GetProperty("state").GetInt32();
}
