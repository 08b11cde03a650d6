using Transporter.Core.Filters;
using Transporter.Core.Storage;

namespace Transporter.Core.Tests.Filters;

public class ObjectFilterTests
{
    private static readonly DateTimeOffset May1 = new(2024, 5, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Selects_by_include_exclude_size_and_time_together()
    {
        var filter = new ObjectFilter
        {
            Include = ["*.jpg", "*.png"],
            Exclude = ["/tmp/**"],
            MinSize = 10,
            MaxSize = 100,
            ModifiedAfter = "2024-05-01",
            ModifiedBefore = "2024-06-01T00:00:00+02:00",
        };
        var selector = filter.Compile();

        Assert.True(selector.Selects(Item("a/b.jpg", 10, May1)));
        Assert.True(selector.Selects(Item("b.png", 100, May1.AddDays(30))));
        Assert.False(selector.Selects(Item("b.gif", 50, May1)));
        Assert.False(selector.Selects(Item("tmp/b.jpg", 50, May1)));
        Assert.False(selector.Selects(Item("b.jpg", 9, May1)));
        Assert.False(selector.Selects(Item("b.jpg", 101, May1)));
        Assert.False(selector.Selects(Item("b.jpg", 50, May1.AddTicks(-1))));
        // modifiedBefore is exclusive: 2024-06-01T00:00+02:00 is 2024-05-31T22:00Z.
        Assert.False(selector.Selects(Item("b.jpg", 50, new DateTimeOffset(2024, 5, 31, 22, 0, 0, TimeSpan.Zero))));
        Assert.True(selector.Selects(Item("b.jpg", 50, new DateTimeOffset(2024, 5, 31, 21, 59, 59, TimeSpan.Zero))));
    }

    [Fact]
    public void An_empty_filter_selects_everything_without_wrapping_the_listing()
    {
        Assert.True(new ObjectFilter().IsEmpty);
        Assert.True(new ObjectFilter { Include = [], Exclude = [] }.IsEmpty);
        Assert.Same(ObjectSelector.All, ObjectSelector.For(new ObjectFilter()));
        Assert.Same(ObjectSelector.All, ObjectSelector.For(null));
    }

    [Fact]
    public async Task Filters_a_listing_as_it_streams()
    {
        var selector = new ObjectFilter { Exclude = ["*.tmp"] }.Compile();
        var listing = new[] { "a.txt", "b.tmp", "c.txt" }.Select(k => Item(k, 1, May1)).ToAsyncEnumerable();

        var kept = await selector.Apply(listing).Select(i => i.Key).ToListAsync();

        Assert.Equal(["a.txt", "c.txt"], kept);
    }

    [Theory]
    [InlineData("include", "filters.include[1]: '[x' is not a valid glob")]
    [InlineData("minSize", "filters.minSize must be 0 or more bytes, got -1")]
    [InlineData("maxSize", "filters.maxSize must be 0 or more bytes, got -2")]
    [InlineData("sizes", "filters.minSize (10) must not be larger than filters.maxSize (5)")]
    [InlineData("after", "filters.modifiedAfter must be an ISO-8601 time")]
    [InlineData("before", "filters.modifiedBefore must be an ISO-8601 time")]
    [InlineData("order", "filters.modifiedAfter (2024-06-01) must be earlier than filters.modifiedBefore (2024-05-01)")]
    public void Validation_names_the_field(string what, string expected)
    {
        var filter = what switch
        {
            "include" => new ObjectFilter { Include = ["*.jpg", "[x"] },
            "minSize" => new ObjectFilter { MinSize = -1 },
            "maxSize" => new ObjectFilter { MaxSize = -2 },
            "sizes" => new ObjectFilter { MinSize = 10, MaxSize = 5 },
            "after" => new ObjectFilter { ModifiedAfter = "yesterday" },
            "before" => new ObjectFilter { ModifiedBefore = "2024-13-01" },
            _ => new ObjectFilter { ModifiedAfter = "2024-06-01", ModifiedBefore = "2024-05-01" },
        };

        Assert.Contains(filter.Validate(), e => e.StartsWith(expected, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("2024-05-01", "2024-05-01T00:00:00Z")]
    [InlineData("2024-05-01T08:30", "2024-05-01T08:30:00Z")]
    [InlineData("2024-05-01T08:30:15Z", "2024-05-01T08:30:15Z")]
    [InlineData("2024-05-01T08:30:15.250+02:00", "2024-05-01T06:30:15.25Z")]
    public void Times_are_read_as_ISO_8601_in_UTC_when_no_offset_is_given(string text, string utc)
    {
        Assert.Equal(DateTimeOffset.Parse(utc, System.Globalization.CultureInfo.InvariantCulture), ObjectFilter.ParseTime(text));
    }

    private static ObjectSummary Item(string key, long size, DateTimeOffset modified) => new(key, size, modified, null);
}
