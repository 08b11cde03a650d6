using System.Globalization;
using Transporter.Store.Admin.Buckets;
using Transporter.Store.Engine.Model;

namespace Transporter.Api.Gui.Services;

/// <summary>The Buckets page's editor of one bucket: its quotas (a size in units, an object count; empty for no limit)
/// and its website access.</summary>
public sealed class BucketSettingsForm
{
    public string MaxSizeNumber { get; set; } = "";
    public string MaxSizeUnit { get; set; } = "GB";
    public string MaxObjects { get; set; } = "";
    public bool WebsiteEnabled { get; set; }
    public string IndexDocument { get; set; } = "index.html";
    public string ErrorDocument { get; set; } = "";

    /// <summary>The form filled with the bucket's settings as they are.</summary>
    public static BucketSettingsForm From(BucketOverview bucket)
    {
        var form = new BucketSettingsForm
        {
            MaxObjects = bucket.Quotas.MaxObjects?.ToString(CultureInfo.InvariantCulture) ?? "",
            WebsiteEnabled = bucket.Website is not null,
            IndexDocument = bucket.Website?.IndexDocument ?? "index.html",
            ErrorDocument = bucket.Website?.ErrorDocument ?? "",
        };
        if (bucket.Quotas.MaxSize is { } maxSize)
        {
            // The largest unit that shows the limit exactly.
            var (unit, size) = ByteUnits.SizeUnits.Reverse().First(u => maxSize % u.Bytes == 0);
            (form.MaxSizeNumber, form.MaxSizeUnit) = ((maxSize / size).ToString(CultureInfo.InvariantCulture), unit);
        }
        return form;
    }

    /// <summary>The change to ask for, or the reasons the form cannot be read.</summary>
    public (BucketSettingsUpdate? Update, IReadOnlyList<string> Errors) ToUpdate()
    {
        var errors = new List<string>();
        var maxSize = ByteUnits.ParseSize(MaxSizeNumber, MaxSizeUnit, out var sizeValid);
        if (!sizeValid) errors.Add("The maximum size must be a number (of " + MaxSizeUnit + "), or empty for no limit.");
        long? maxObjects = null;
        if (!string.IsNullOrWhiteSpace(MaxObjects))
        {
            if (long.TryParse(MaxObjects.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var count)) maxObjects = count;
            else errors.Add("The maximum number of objects must be a whole number, or empty for no limit.");
        }
        if (errors.Count > 0) return (null, errors);
        var website = WebsiteEnabled
            ? new WebsiteAccessUpdate(true, IndexDocument.Trim(), string.IsNullOrWhiteSpace(ErrorDocument) ? null : ErrorDocument.Trim())
            : new WebsiteAccessUpdate(false, null, null);
        return (new BucketSettingsUpdate(website, new BucketQuotas(maxSize, maxObjects)), []);
    }
}
