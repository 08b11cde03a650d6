using Transporter.Core.Storage;
using Transporter.Worker.Copying;

namespace Transporter.Worker.Tests.Copying;

public sealed class PartLayoutTests
{
    [Fact]
    public void Parts_have_the_preferred_size_and_the_last_one_takes_the_rest()
    {
        var layout = PartLayout.For(100L * 1024 * 1024 + 5, 16L * 1024 * 1024, new ObjectStoreCapabilities());

        Assert.Equal((16L * 1024 * 1024, 7), (layout.PartSize, layout.Count));
        Assert.Equal(new ByteRange(0, 16L * 1024 * 1024 - 1), layout.Range(0));
        Assert.Equal(new ByteRange(96L * 1024 * 1024, 100L * 1024 * 1024 + 4), layout.Range(6));
    }

    [Fact]
    public void The_part_size_grows_to_the_destination_minimum_and_to_fit_its_part_count()
    {
        var small = PartLayout.For(50L * 1024 * 1024, 1024 * 1024, new ObjectStoreCapabilities { MinPartSize = 5L * 1024 * 1024 });
        Assert.Equal((5L * 1024 * 1024, 10), (small.PartSize, small.Count));

        var huge = PartLayout.For(5L * 1024 * 1024 * 1024 * 1024, 16L * 1024 * 1024, new ObjectStoreCapabilities { MaxParts = 10_000 });
        Assert.True(huge.Count <= 10_000);
        Assert.Equal(huge.Size, huge.Range(huge.Count - 1).Last + 1);
    }
}
