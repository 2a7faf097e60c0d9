using Vantage.Steering.Engine;
using Vantage.Steering.Filters;
using Vantage.Traffic;
using static Vantage.Tests.Steering.FilterHarness;

namespace Vantage.Tests.Steering;

/// <summary>shuffle and weighted_shuffle.</summary>
public class ShuffleFilterTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(5)]
    [InlineData(40)]
    public void Shuffle_returns_a_permutation(int count)
    {
        var answers = Answers(Enumerable.Repeat(MetaValues.Empty, count).ToArray());
        var random = new SeededRandom(7);
        for (var run = 0; run < 50; run++)
        {
            var order = Run(new ShuffleFilter(Spec("shuffle")), answers, random: random);
            Assert.Equal(Enumerable.Range(0, count), order.Order());
        }
    }

    [Fact]
    public void Shuffle_with_the_same_seed_gives_the_same_orders()
    {
        var answers = Answers(Enumerable.Repeat(MetaValues.Empty, 8).ToArray());
        var filter = new ShuffleFilter(Spec("shuffle"));
        List<string> Orders(int seed)
        {
            var random = new SeededRandom(seed);
            return Enumerable.Range(0, 20).Select(_ => string.Join(",", Run(filter, answers, random: random))).ToList();
        }
        var first = Orders(42);
        Assert.Equal(first, Orders(42));
        Assert.NotEqual(first, Orders(43));
        Assert.True(first.Distinct().Count() > 1);
    }

    [Fact]
    public void Shuffle_puts_each_answer_first_about_equally_often()
    {
        var answers = Answers(Enumerable.Repeat(MetaValues.Empty, 4).ToArray());
        var filter = new ShuffleFilter(Spec("shuffle"));
        var random = new SeededRandom(11);
        var firsts = new int[4];
        const int Runs = 10_000;
        for (var run = 0; run < Runs; run++) firsts[Run(filter, answers, random: random)[0]]++;
        foreach (var f in firsts) Assert.InRange(f / (double)Runs, 0.25 - 0.025, 0.25 + 0.025);
    }

    [Fact]
    public void Shuffle_with_random_near_one_stays_in_bounds()
    {
        var answers = Answers(Enumerable.Repeat(MetaValues.Empty, 3).ToArray());
        // u just below 1 picks j = i at every step: nothing moves.
        Assert.Equal([0, 1, 2], Run(new ShuffleFilter(Spec("shuffle")), answers, random: new FixedRandom(0.9999999999999999)));
        // u = 0 swaps each position with 0: [0,1,2] → swap(2,0) → [2,1,0] → swap(1,0) → [1,2,0].
        Assert.Equal([1, 2, 0], Run(new ShuffleFilter(Spec("shuffle")), answers, random: new FixedRandom(0)));
    }

    [Fact]
    public void Weighted_shuffle_puts_answers_first_in_proportion_to_their_weights()
    {
        var answers = Answers(new MetaValues { Weight = 1 }, new MetaValues { Weight = 2 }, new MetaValues { Weight = 7 });
        var filter = new WeightedShuffleFilter(Spec("weighted_shuffle"), answers);
        var random = new SeededRandom(2024);
        var firsts = new int[3];
        const int Runs = 10_000;
        for (var run = 0; run < Runs; run++)
        {
            var order = Run(filter, answers, random: random);
            Assert.Equal([0, 1, 2], order.Order());
            firsts[order[0]]++;
        }
        Assert.InRange(firsts[0] / (double)Runs, 0.10 - 0.025, 0.10 + 0.025);
        Assert.InRange(firsts[1] / (double)Runs, 0.20 - 0.025, 0.20 + 0.025);
        Assert.InRange(firsts[2] / (double)Runs, 0.70 - 0.025, 0.70 + 0.025);
    }

    [Fact]
    public void Weighted_shuffle_treats_a_missing_weight_as_one()
    {
        var answers = Answers(MetaValues.Empty, new MetaValues { Weight = 3 });
        var filter = new WeightedShuffleFilter(Spec("weighted_shuffle"), answers);
        var random = new SeededRandom(5);
        var firstZero = 0;
        const int Runs = 10_000;
        for (var run = 0; run < Runs; run++) if (Run(filter, answers, random: random)[0] == 0) firstZero++;
        Assert.InRange(firstZero / (double)Runs, 0.25 - 0.025, 0.25 + 0.025);
    }

    [Fact]
    public void Weighted_shuffle_never_puts_weight_zero_first_while_a_positive_weight_exists()
    {
        var answers = Answers(new MetaValues { Weight = 0 }, new MetaValues { Weight = 0.001 }, new MetaValues { Weight = 0 }, new MetaValues { Weight = 5 });
        var filter = new WeightedShuffleFilter(Spec("weighted_shuffle"), answers);
        var random = new SeededRandom(99);
        for (var run = 0; run < 2_000; run++)
        {
            var order = Run(filter, answers, random: random);
            Assert.Equal(4, order.Length);
            // Both positive weights come before both zero weights, which keep their relative order.
            Assert.Equal([1, 3], order[..2].Order());
            Assert.Equal([0, 2], order[2..]);
        }
    }

    [Fact]
    public void Weighted_shuffle_with_only_zero_weights_keeps_the_order()
    {
        var answers = Answers(new MetaValues { Weight = 0 }, new MetaValues { Weight = 0 }, new MetaValues { Weight = 0 });
        Assert.Equal([0, 1, 2], Run(new WeightedShuffleFilter(Spec("weighted_shuffle"), answers), answers, random: new SeededRandom(1)));
    }

    [Fact]
    public void Weighted_shuffle_with_a_fixed_draw_orders_by_weight()
    {
        // The same u for every answer gives -ln(1-u)/w: the heaviest first.
        var answers = Answers(new MetaValues { Weight = 1 }, new MetaValues { Weight = 4 }, new MetaValues { Weight = 2 });
        Assert.Equal([1, 2, 0], Run(new WeightedShuffleFilter(Spec("weighted_shuffle"), answers), answers, random: new FixedRandom(0.5)));
    }
}
