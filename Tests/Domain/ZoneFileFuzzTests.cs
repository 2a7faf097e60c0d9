using System.Text;
using Vantage.Events;
using Vantage.Validation;
using Vantage.ZoneFiles;
using Xunit;
using static Vantage.Tests.Domain.DomainFixtures;

namespace Vantage.Tests.Domain;

/// <summary>
/// Random and mutated master files: the parser never throws, errors carry a plausible line, and whatever
/// parses is valid and survives export and re-import unchanged.
/// </summary>
public class ZoneFileFuzzTests
{
    private const int Iterations = 3000;
    private const string Alphabet = "\"();\\$@.*_- \t\n\r0123456789aAbBzZ:/é\u0000\u00ff\ud83d\ude00\ud800";

    private static readonly string[] Seeds =
    [
        ZoneFileRoundTripTests.RichZone,
        "$TTL 60\n@ SOA ns1 admin 1 2 3 4 5\n@ NS ns1\nwww A 192.0.2.1\n  TXT \"a\\\"b\" c\n",
        "$ORIGIN example.com.\nmail 300 IN MX ( 10\n mx1 )\n_s._tcp SRV 1 2 3 t\n@ CAA 0 issue \"x\"\n",
    ];

    [Fact]
    public void Parser_never_throws_and_accepted_zones_round_trip()
    {
        var random = new Random(20240601);
        var accepted = 0;
        var rejected = 0;
        for (var i = 0; i < Iterations; i++)
        {
            var text = i % 10 == 9 ? RandomText(random) : Mutate(Seeds[random.Next(Seeds.Length)], random);
            var result = ZoneFileParser.Parse(text, Zone);
            if (result.Error is not null)
            {
                rejected++;
                var lines = text.Count(c => c == '\n') + 1;
                Assert.NotNull(result.ErrorLine);
                Assert.InRange(result.ErrorLine!.Value, 1, lines);
                Assert.StartsWith($"line {result.ErrorLine}: ", result.Error);
                Assert.Empty(result.Records);
                continue;
            }
            accepted++;
            Assert.All(result.Records, r => Assert.Null(RecordValidator.ValidateRecord(r)));
            var exported = ZoneFileWriter.Write(new ZoneSnapshot { Settings = SettingsFrom(result.Settings), Version = 1, Records = result.Records });
            var again = ZoneFileParser.Parse(exported, Zone);
            Assert.True(again.Error is null, $"re-import failed: {again.Error}\n--- input ---\n{text}\n--- exported ---\n{exported}");
            Assert.Equal(Shape(result.Records), Shape(again.Records));
        }
        // Both outcomes must actually be exercised for the test to mean something.
        Assert.True(accepted > 100, $"only {accepted} mutated zones parsed");
        Assert.True(rejected > 100, $"only {rejected} mutated zones were rejected");
    }

    private static string Mutate(string seed, Random random)
    {
        var sb = new StringBuilder(seed);
        var edits = random.Next(1, 4);
        for (var e = 0; e < edits && sb.Length > 0; e++)
        {
            var at = random.Next(sb.Length);
            switch (random.Next(6))
            {
                case 0:
                    sb.Remove(at, Math.Min(random.Next(1, 8), sb.Length - at));
                    break;
                case 1:
                    sb.Insert(at, Alphabet[random.Next(Alphabet.Length)]);
                    break;
                case 2:
                    sb[at] = Alphabet[random.Next(Alphabet.Length)];
                    break;
                case 3:
                    var lines = sb.ToString().Split('\n').ToList();
                    var line = random.Next(lines.Count);
                    lines.Insert(random.Next(lines.Count), lines[line]);
                    sb.Clear().Append(string.Join('\n', lines));
                    break;
                case 4:
                    sb.Length = at;
                    break;
                default:
                    // Leaves the text valid most of the time: exercises the accepted path.
                    break;
            }
        }
        return sb.ToString();
    }

    private static string RandomText(Random random)
    {
        var sb = new StringBuilder();
        var length = random.Next(0, 200);
        for (var i = 0; i < length; i++) sb.Append(Alphabet[random.Next(Alphabet.Length)]);
        return sb.ToString();
    }
}
