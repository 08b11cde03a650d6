using System.Text.Json;
using Transporter.Store.Tests.Peers;

namespace Transporter.Store.Tests.Iam;

/// <summary>
/// RSListBillingData and RSLiveBilling after a customer's uploads, a download and a delete made with boto3: the day's
/// transfer bytes, used space and object count; another customer's billing untouched; the reseller reading its
/// customer's; the minute's entry appearing in the live view once it is two minutes old; bad input in IAM's format.
/// </summary>
public class BillingTests(ShortSessionStoreFixture store) : IClassFixture<ShortSessionStoreFixture>
{
    private readonly Boto3 _boto3 = new(store);

    private const string Activity = CustomerClients.Prelude + """
        name, other = sys.argv[1], sys.argv[2]
        key = customer_key(name, *create_customer(name))
        other_key = customer_key(other, *create_customer(other))
        s3c = s3_of(key)
        s3c.create_bucket(Bucket=name + '-bill')
        for k, size in [('a', 1000), ('b', 2000), ('c', 3000)]:
            s3c.put_object(Bucket=name + '-bill', Key=k, Body=b'x' * size)
        s3c.get_object(Bucket=name + '-bill', Key='b')['Body'].read()
        s3c.delete_object(Bucket=name + '-bill', Key='a')
        today = datetime.datetime.now(datetime.timezone.utc).strftime('%Y-%m-%dT00:00:00.000Z')
        yesterday = (datetime.datetime.now(datetime.timezone.utc) - datetime.timedelta(days=1)).strftime('%Y-%m-%dT00:00:00.000Z')
        def billing(creds, **extra):
            return call('iam', dict({'Action': 'RSListBillingData', 'From': yesterday, 'Till': today}, **extra), creds)

        """;

    [Fact]
    public async Task Daily_billing_counts_uploads_downloads_deletes_space_and_objects_per_customer()
    {
        var r = await _boto3.JsonAsync(Activity + """
            out({'own': json_of(billing(key)), 'other': json_of(billing(other_key)), 'reseller': json_of(billing(RESELLER, CustomerName=name)),
                 'otherReads': billing(other_key, CustomerName=name),
                 'noFrom': call('iam', {'Action': 'RSListBillingData', 'Till': today}, key),
                 'backwards': call('iam', {'Action': 'RSListBillingData', 'From': today, 'Till': yesterday}, key),
                 'notADate': call('iam', {'Action': 'RSListBillingData', 'From': 'soon', 'Till': today}, key)})
            """, "b" + Guid.NewGuid().ToString("N")[..10], "b" + Guid.NewGuid().ToString("N")[..10]);

        var own = r.GetProperty("own");
        var day = Assert.Single(own.GetProperty("Stats").GetProperty("us-east-1").EnumerateArray());
        Assert.Equal(DateTime.UtcNow.ToString("yyyy-MM-dd'T'00:00:00'Z'", System.Globalization.CultureInfo.InvariantCulture), day.GetProperty("Date").GetString());
        Assert.Equal(6000, day.GetProperty("UploadBytes").GetInt64());
        Assert.Equal(2000, day.GetProperty("DownloadBytes").GetInt64());
        Assert.Equal(1000, day.GetProperty("DeleteBytes").GetInt64());
        Assert.Equal(5000, Assert.Single(own.GetProperty("UsedSpace").EnumerateArray()).GetProperty("UsedSpace").GetInt64());
        Assert.Equal(2, Assert.Single(own.GetProperty("ObjectCount").EnumerateArray()).GetProperty("ObjectCount").GetInt64());
        Assert.Equal(own.GetRawText(), r.GetProperty("reseller").GetRawText());
        Assert.Equal(0, r.GetProperty("other").GetProperty("Stats").GetProperty("us-east-1").GetArrayLength());
        Refused(r.GetProperty("otherReads"), 403, "AccessDenied");
        Refused(r.GetProperty("noFrom"), 400, "ValidationError");
        Refused(r.GetProperty("backwards"), 400, "InvalidInput");
        Refused(r.GetProperty("notADate"), 400, "InvalidInput");
    }

    [Fact]
    public async Task Live_billing_shows_the_minute_once_it_is_two_minutes_old()
    {
        var r = await _boto3.JsonAsync(Activity + """
            first = json_of(call('iam', {'Action': 'RSLiveBilling'}, key))
            deadline = time.time() + 200
            live = []
            while time.time() < deadline and not live:
                time.sleep(2)
                live = json_of(call('iam', {'Action': 'RSLiveBilling'}, key))
            out({'first': first, 'live': live, 'other': json_of(call('iam', {'Action': 'RSLiveBilling'}, other_key))})
            """, "l" + Guid.NewGuid().ToString("N")[..10], "l" + Guid.NewGuid().ToString("N")[..10]);

        Assert.Equal(0, r.GetProperty("first").GetArrayLength());
        var entries = r.GetProperty("live").EnumerateArray().ToList();
        Assert.NotEmpty(entries);
        Assert.Equal(6000, entries.Sum(e => e.GetProperty("uploadedBytes").GetInt64()));
        Assert.Equal(3, entries.Sum(e => e.GetProperty("uploadedObjects").GetInt64()));
        Assert.Equal(1000, entries.Sum(e => e.GetProperty("deletedBytes").GetInt64()));
        Assert.Equal(1, entries.Sum(e => e.GetProperty("deletedObjects").GetInt64()));
        foreach (var entry in entries)
        {
            var at = entry.GetProperty("date").GetDateTimeOffset();
            Assert.Equal(0, at.Second);
            Assert.True(DateTimeOffset.UtcNow - at >= TimeSpan.FromMinutes(2), $"{at:O} is within the last two minutes");
        }
        Assert.Equal(0, r.GetProperty("other").GetArrayLength());
    }

    private static void Refused(JsonElement answer, int status, string code)
    {
        Assert.Equal(status, answer[0].GetInt32());
        Assert.Contains($"<Code>{code}</Code>", answer[1].GetString());
    }
}
