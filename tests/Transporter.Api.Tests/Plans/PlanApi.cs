using System.Net;
using System.Text.Json;
using Transporter.Testing.Api;

namespace Transporter.Api.Tests.Plans;

/// <summary>The plan calls the API tests make, with their answers checked.</summary>
public static class PlanApi
{
    public static async Task<string> CreateAsync(TransporterApiClient api, object body)
    {
        var response = await api.PostAsync("/plans", body);
        Assert.True(response.Status == HttpStatusCode.OK, $"POST /plans: {response}");
        return response.Json.GetProperty("planID").GetString()!;
    }

    /// <summary>Polls GET /plans/:id until the plan has ended (ended, aborted or failed).</summary>
    public static async Task<JsonElement> WaitEndedAsync(TransporterApiClient api, string id, int seconds = 60)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        ApiResponse? last = null;
        while (DateTime.UtcNow < deadline)
        {
            last = await api.GetAsync($"/plans/{id}");
            Assert.True(last.Status == HttpStatusCode.OK, $"GET /plans/{id}: {last}");
            if (last.Json.GetProperty("status").GetString() is "ended" or "aborted" or "failed") return last.Json;
            await Task.Delay(100);
        }
        throw new TimeoutException($"plan {id} did not end in {seconds} s; last: {last}");
    }

    public static string[] Keys(JsonElement json) => json.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal).ToArray();
}
