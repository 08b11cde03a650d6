using System.Net;
using System.Text.Json;
using Transporter.Testing.Api;

namespace Transporter.EndToEnd.Tests.Scheduling;

/// <summary>Reading a scheduled migration through GET /migrations (its schedule, runs and state), and waiting on it.</summary>
public static class ScheduleApi
{
    public static async Task<JsonElement> ListedAsync(TransporterApiClient api, string id)
    {
        var response = await api.GetAsync("/migrations");
        Assert.True(response.Status == HttpStatusCode.OK, $"GET /migrations: {response}");
        return response.Json.EnumerateArray().Single(m => m.GetProperty("id").GetString() == id);
    }

    /// <summary>Polls GET /migrations until the migration's entry satisfies <paramref name="done"/>.</summary>
    public static async Task<JsonElement> WaitAsync(TransporterApiClient api, string id, Func<JsonElement, bool> done, int seconds, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        JsonElement last = default;
        while (DateTime.UtcNow < deadline)
        {
            last = await ListedAsync(api, id);
            if (done(last)) return last;
            await Task.Delay(250);
        }
        throw new TimeoutException($"migration {id}: {what} not seen in {seconds} s; last: {last}");
    }

    /// <summary>The runs the schedule started.</summary>
    public static int ScheduledRuns(this JsonElement entry) => entry.GetProperty("schedule").GetProperty("runs").GetInt32();

    /// <summary>The number of the latest run (1 for the first).</summary>
    public static int LatestRun(this JsonElement entry) => entry.GetProperty("runs").GetInt32();

    public static int ListedState(this JsonElement entry) => entry.GetProperty("state").GetInt32();

    /// <summary>The first whole minute (UTC) after <paramref name="time"/>: when a "* * * * *" schedule fires next.</summary>
    public static DateTimeOffset NextMinute(DateTimeOffset time) =>
        new DateTimeOffset(time.Year, time.Month, time.Day, time.Hour, time.Minute, 0, TimeSpan.Zero).AddMinutes(1);

    public static async Task DelayUntilAsync(DateTimeOffset time)
    {
        var wait = time - DateTimeOffset.UtcNow;
        if (wait > TimeSpan.Zero) await Task.Delay(wait);
    }

    public static Task<ApiResponse> DeleteScheduleAsync(TransporterApiClient api, string id) =>
        api.SendAsync(HttpMethod.Delete, $"/recurring/migration/{id}", null);
}
