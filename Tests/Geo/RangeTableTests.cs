using Vantage.Steering.Geo;

namespace Vantage.Tests.Geo;

public class RangeTableTests
{
    [Fact]
    public void Finds_the_range_holding_a_key_and_none_in_gaps()
    {
        var builder = new RangeTableBuilder<uint>();
        builder.Add(100, 199, 1);
        builder.Add(300, 300, 2);
        builder.Add(200, 249, 3);
        var table = builder.Build();
        Assert.Equal(RangeTable<uint>.None, table.Find(0));
        Assert.Equal(RangeTable<uint>.None, table.Find(99));
        Assert.Equal(1, table.Find(100));
        Assert.Equal(1, table.Find(199));
        Assert.Equal(3, table.Find(200));
        Assert.Equal(3, table.Find(249));
        Assert.Equal(RangeTable<uint>.None, table.Find(250));
        Assert.Equal(2, table.Find(300));
        Assert.Equal(RangeTable<uint>.None, table.Find(301));
        Assert.Equal(RangeTable<uint>.None, table.Find(uint.MaxValue));
        Assert.Equal(3, table.ValueCount);
    }

    [Fact]
    public void Neighbours_with_the_same_value_merge()
    {
        var builder = new RangeTableBuilder<uint>();
        builder.Add(10, 19, 7);
        builder.Add(0, 9, 7);
        builder.Add(20, 30, 8);
        var table = builder.Build();
        Assert.Equal([0u, 20u, 31u], table.Starts.ToArray());
        Assert.Equal([7, 8, RangeTable<uint>.None], table.Values.ToArray());
    }

    [Fact]
    public void Where_ranges_overlap_the_earlier_start_wins_and_equal_starts_go_to_the_first_added()
    {
        var builder = new RangeTableBuilder<uint>();
        builder.Add(10, 19, 1);
        builder.Add(5, 12, 2);
        builder.Add(10, 40, 3);
        var table = builder.Build();
        Assert.Equal([0u, 5u, 13u, 20u, 41u], table.Starts.ToArray());
        Assert.Equal([RangeTable<uint>.None, 2, 1, 3, RangeTable<uint>.None], table.Values.ToArray());
    }

    [Fact]
    public void Ranges_reaching_the_largest_key_work_for_128_bit_keys()
    {
        var builder = new RangeTableBuilder<UInt128>();
        var high = UInt128.MaxValue - 1000;
        builder.Add(high, UInt128.MaxValue, 4);
        builder.Add((UInt128)1 << 100, ((UInt128)1 << 101) - 1, 5);
        var table = builder.Build();
        Assert.Equal(4, table.Find(UInt128.MaxValue));
        Assert.Equal(4, table.Find(high));
        Assert.Equal(RangeTable<UInt128>.None, table.Find(high - 1));
        Assert.Equal(5, table.Find(((UInt128)1 << 100) + 12345));
        Assert.Equal(RangeTable<UInt128>.None, table.Find(1));
        Assert.Equal(4, table.Count);
    }

    [Fact]
    public void An_empty_table_finds_nothing()
    {
        var table = new RangeTableBuilder<uint>().Build();
        Assert.Equal(1, table.Count);
        Assert.Equal(RangeTable<uint>.None, table.Find(12345));
        Assert.Equal(RangeTable<uint>.None, RangeTable<UInt128>.Empty.Find(UInt128.MaxValue));
    }

    [Fact]
    public void Matches_a_linear_scan_on_random_ranges()
    {
        var random = new Random(42);
        var builder = new RangeTableBuilder<uint>();
        var expected = new int[10_000];
        Array.Fill(expected, RangeTable<uint>.None);
        var ranges = new List<(uint Start, uint End, int Value)>();
        for (var i = 0; i < 500; i++)
        {
            var start = (uint)random.Next(0, 9_990);
            var end = Math.Min(start + (uint)random.Next(0, 40), 9_999u);
            var value = random.Next(0, 20);
            builder.Add(start, end, value);
            ranges.Add((start, end, value));
        }
        foreach (var (start, end, value) in ranges.OrderBy(r => r.Start))
        {
            for (var k = start; k <= end; k++)
            {
                if (expected[k] == RangeTable<uint>.None) expected[k] = value;
            }
        }
        var table = builder.Build();
        for (uint k = 0; k < 10_000; k++) Assert.Equal(expected[k], table.Find(k));
    }

    [Fact]
    public void Rejects_unsorted_arrays()
    {
        Assert.Throws<ArgumentException>(() => new RangeTable<uint>([0, 5, 5], [1, 2, 3]));
        Assert.Throws<ArgumentException>(() => new RangeTable<uint>([1], [1]));
    }
}
