using Vantage.Steering.Filters;
using Vantage.Traffic;
using static Vantage.Tests.Steering.FilterHarness;

namespace Vantage.Tests.Steering;

/// <summary>up, priority, cost, shed_load, select_first_n and select_first_region.</summary>
public class OrderingFilterTests
{
    /// <param name="ups">Per answer: 1 up, 0 down, - not set.</param>
    [Theory]
    [InlineData("1,0,1", "0,2")]
    [InlineData("0,1,0", "1")]
    [InlineData("-,0,-", "0,2")]
    [InlineData("-,-,-", "0,1,2")]
    [InlineData("1,1,1", "0,1,2")]
    [InlineData("0,0,0", "0,1,2")]
    [InlineData("0", "0")]
    public void Up_removes_down_answers_and_fails_open(string ups, string expected)
    {
        var answers = Answers(ups.Split(',').Select(u => new MetaValues { Up = u == "-" ? null : u == "1" }).ToArray());
        Assert.Equal(Ints(expected), Run(new UpFilter(Spec("up"), answers), answers));
    }

    /// <param name="values">Per answer: the value, or - when not set.</param>
    [Theory]
    [InlineData("priority", "3,1,2", "0", "1,2,0")]
    [InlineData("priority", "2,1,2,1", "0", "1,3,0,2")]
    [InlineData("priority", "-,2,-,1", "0", "3,1,0,2")]
    [InlineData("priority", "-,-,-", "0", "0,1,2")]
    [InlineData("priority", "5,5,5", "0", "0,1,2")]
    [InlineData("priority", "2,1,3,1", "1", "1,3")]
    [InlineData("priority", "-,2,-,2", "1", "1,3")]
    [InlineData("priority", "-,-", "1", "0,1")]
    [InlineData("cost", "3.5,1.25,2", "0", "1,2,0")]
    [InlineData("cost", "2,1,2,1", "0", "1,3,0,2")]
    [InlineData("cost", "-,2,-,1.5", "0", "3,1,0,2")]
    [InlineData("cost", "2,1.5,3,1.5", "1", "1,3")]
    [InlineData("cost", "-,7,-", "1", "1")]
    [InlineData("cost", "-,-", "1", "0,1")]
    public void Rank_sorts_stably_lowest_first_or_keeps_only_the_lowest(string name, string values, string eliminate, string expected)
    {
        var answers = Answers(values.Split(',').Select(v => v == "-"
            ? MetaValues.Empty
            : name == "cost" ? new MetaValues { Cost = double.Parse(v) } : new MetaValues { Priority = int.Parse(v) }).ToArray());
        var filter = new RankFilter(Spec(name, ("eliminate", eliminate)), answers);
        Assert.Equal(Ints(expected), Run(filter, answers));
    }

    [Fact]
    public void Rank_without_eliminate_option_sorts()
    {
        var answers = Answers(new MetaValues { Priority = 2 }, new MetaValues { Priority = 1 });
        Assert.Equal([1, 0], Run(new RankFilter(Spec("priority"), answers), answers));
    }

    [Fact]
    public void Priority_ignores_cost_and_cost_ignores_priority()
    {
        var answers = Answers(new MetaValues { Priority = 2, Cost = 1 }, new MetaValues { Priority = 1, Cost = 2 });
        Assert.Equal([1, 0], Run(new RankFilter(Spec("priority"), answers), answers));
        Assert.Equal([0, 1], Run(new RankFilter(Spec("cost"), answers), answers));
    }

    /// <summary>
    /// low 10, high 20. The random value decides a load between the watermarks: shed when it is below
    /// (load - low) / (high - low), kept otherwise.
    /// </summary>
    [Theory]
    [InlineData(5, 0.0, true)]
    [InlineData(10, 0.0, true)]
    [InlineData(20, 0.99, false)]
    [InlineData(25, 0.99, false)]
    [InlineData(15, 0.49, false)]
    [InlineData(15, 0.5, true)]
    [InlineData(15, 0.51, true)]
    [InlineData(12, 0.19, false)]
    [InlineData(12, 0.2, true)]
    [InlineData(18, 0.79, false)]
    [InlineData(18, 0.81, true)]
    public void Shed_load_between_watermarks_follows_the_linear_share(double load, double random, bool kept)
    {
        var answers = Answers(
            new MetaValues { Loadavg = load, LowWatermark = 10, HighWatermark = 20 },
            new MetaValues { Loadavg = 1, LowWatermark = 10, HighWatermark = 20 });
        var result = Run(new ShedLoadFilter(Spec("shed_load", ("metric", "loadavg")), answers), answers, random: new FixedRandom(random));
        Assert.Equal(kept ? [0, 1] : [1], result);
    }

    [Theory]
    [InlineData("connections", "0,2")]
    [InlineData("requests", "1,2")]
    [InlineData("loadavg", "0,1")]
    public void Shed_load_reads_the_chosen_metric(string metric, string expected)
    {
        // Answer 0 is overloaded by requests, answer 1 by connections, answer 2 by nothing; loadavg 25 on answer 2 only.
        var answers = Answers(
            new MetaValues { Connections = 5, Requests = 500, LowWatermark = 10, HighWatermark = 100 },
            new MetaValues { Connections = 500, Requests = 5, LowWatermark = 10, HighWatermark = 100 },
            new MetaValues { Connections = 5, Requests = 5, Loadavg = 250, LowWatermark = 10, HighWatermark = 100 });
        Assert.Equal(Ints(expected), Run(new ShedLoadFilter(Spec("shed_load", ("metric", metric)), answers), answers, random: new FixedRandom(0.99)));
    }

    [Fact]
    public void Shed_load_defaults_to_loadavg()
    {
        var answers = Answers(
            new MetaValues { Loadavg = 30, Connections = 1, LowWatermark = 10, HighWatermark = 20 },
            new MetaValues { Loadavg = 1, Connections = 30, LowWatermark = 10, HighWatermark = 20 });
        Assert.Equal([1], Run(new ShedLoadFilter(Spec("shed_load"), answers), answers));
    }

    [Fact]
    public void Shed_load_that_would_remove_every_answer_leaves_the_set_unchanged()
    {
        var answers = Answers(
            new MetaValues { Loadavg = 30, LowWatermark = 10, HighWatermark = 20 },
            new MetaValues { Loadavg = 15, LowWatermark = 10, HighWatermark = 20 },
            new MetaValues { Loadavg = 20, LowWatermark = 10, HighWatermark = 20 });
        Assert.Equal([0, 1, 2], Run(new ShedLoadFilter(Spec("shed_load"), answers), answers, random: new FixedRandom(0.1)));
    }

    [Fact]
    public void Shed_load_keeps_answers_missing_a_load_or_high_watermark()
    {
        var answers = Answers(
            new MetaValues { LowWatermark = 10, HighWatermark = 20 },
            new MetaValues { Loadavg = 50, LowWatermark = 10 },
            new MetaValues { Loadavg = 50, LowWatermark = 10, HighWatermark = 20 });
        Assert.Equal([0, 1], Run(new ShedLoadFilter(Spec("shed_load"), answers), answers, random: new FixedRandom(0.99)));
    }

    [Fact]
    public void Shed_load_draws_randomness_only_for_answers_between_the_watermarks()
    {
        var answers = Answers(
            new MetaValues { Loadavg = 5, LowWatermark = 10, HighWatermark = 20 },
            new MetaValues { Loadavg = 15, LowWatermark = 10, HighWatermark = 20 },
            new MetaValues { Loadavg = 25, LowWatermark = 10, HighWatermark = 20 },
            new MetaValues { Loadavg = 11, LowWatermark = 10, HighWatermark = 20 });
        var random = new FixedRandom(0.6, 0.05);
        Assert.Equal([0, 1], Run(new ShedLoadFilter(Spec("shed_load"), answers), answers, random: random));
        Assert.Equal(2, random.Calls);
    }

    [Theory]
    [InlineData(5, "1", "0")]
    [InlineData(5, "2", "0,1")]
    [InlineData(5, "5", "0,1,2,3,4")]
    [InlineData(3, "10", "0,1,2")]
    [InlineData(3, null, "0")]
    [InlineData(3, "0", "0")]
    [InlineData(1, "1", "0")]
    public void Select_first_n_keeps_the_first_n(int count, string? n, string expected)
    {
        var answers = Answers(Enumerable.Repeat(MetaValues.Empty, count).ToArray());
        var spec = n is null ? Spec("select_first_n") : Spec("select_first_n", ("N", n));
        Assert.Equal(Ints(expected), Run(new SelectFirstNFilter(spec), answers));
    }

    [Fact]
    public void Select_first_n_keeps_the_first_n_of_the_current_order()
    {
        var answers = Answers(new MetaValues { Priority = 3 }, new MetaValues { Priority = 1 }, new MetaValues { Priority = 2 });
        var picks = RunPicks(3, Nobody, null, null, new RankFilter(Spec("priority"), answers), new SelectFirstNFilter(Spec("select_first_n", ("N", "2"))));
        Assert.Equal([1, 2], picks.Select(p => (int)p.Answer));
    }

    /// <param name="regions">Per answer: region name, or - for none.</param>
    [Theory]
    [InlineData("a,b,a,c", "0,2")]
    [InlineData("b,a,b,b", "0,2,3")]
    [InlineData("a,b,c", "0")]
    [InlineData("-,a,-", "0,2")]
    [InlineData("a,A", "0")]
    [InlineData("a,a,a", "0,1,2")]
    public void Select_first_region_keeps_the_first_answers_region(string regions, string expected)
    {
        var answers = regions.Split(',').Select((r, i) => new Vantage.Steering.Engine.SteeringAnswer(i, $"192.0.2.{i + 1}", r == "-" ? null : r, MetaValues.Empty)).ToArray();
        Assert.Equal(Ints(expected), Run(new SelectFirstRegionFilter(Spec("select_first_region"), answers), answers));
    }

    [Fact]
    public void Select_first_region_follows_the_current_first_answer()
    {
        var answers = new[]
        {
            new Vantage.Steering.Engine.SteeringAnswer(0, "192.0.2.1", "east", new MetaValues { Priority = 2 }),
            new Vantage.Steering.Engine.SteeringAnswer(1, "192.0.2.2", "west", new MetaValues { Priority = 1 }),
            new Vantage.Steering.Engine.SteeringAnswer(2, "192.0.2.3", "east", new MetaValues { Priority = 3 }),
            new Vantage.Steering.Engine.SteeringAnswer(3, "192.0.2.4", "west", new MetaValues { Priority = 4 }),
        };
        var picks = RunPicks(4, Nobody, null, null, new RankFilter(Spec("priority"), answers), new SelectFirstRegionFilter(Spec("select_first_region"), answers));
        Assert.Equal([1, 3], picks.Select(p => (int)p.Answer));
    }
}
