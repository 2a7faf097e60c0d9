using System.Collections.Immutable;
using System.Reflection;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;
using Vantage.Grains.Zones.Storage;
using Vantage.Model;
using Vantage.Zones;
using Xunit;

namespace Vantage.Tests.Grains;

/// <summary>
/// Record shards are stored as compact record models (RecordModel), so that a checkpoint does not serialize hundreds
/// of record objects per change. The model must therefore carry every field of a record, exactly.
/// </summary>
public sealed class RecordShardTests
{
    private const string Zone = "shard.example.test";

    private static readonly DnsRecord Plain = new()
    {
        Id = "5f1a2b3c4d5e6f7a8b9c0d1e", Zone = Zone, Domain = "www." + Zone, Type = "A",
        Answers = [new DnsAnswer { Id = "0a0b0c0d0e0f101112131415", Rdata = ["192.0.2.1"] }],
    };

    private static readonly DnsRecord[] Records =
    [
        Plain,
        Plain with { Domain = Zone, Type = "MX", Answers = [new DnsAnswer { Id = "m1", Rdata = ["10", "mail." + Zone] }] },
        Plain with
        {
            Domain = "steer." + Zone, Ttl = 42, MetaJson = "{\"up\":true}", RegionsJson = "{\"eu\":{\"meta\":{}}}",
            FiltersJson = "[{\"filter\":\"up\"}]", UseClientSubnet = false, OverrideTtl = false, Tier = 2, Networks = [0, 7],
            FeedsJson = "[{\"feed\":\"f1\"}]",
            Answers = [new DnsAnswer { Id = "s1", Rdata = ["192.0.2.9"], MetaJson = "{\"weight\":3}", Region = "eu" }],
        },
        Plain with
        {
            Domain = "fed." + Zone,
            FeedData = ImmutableDictionary<string, Vantage.Feeds.FeedValue>.Empty.Add("f1", new Vantage.Feeds.FeedValue { Version = 4, DataJson = "{\"up\":false}" }),
        },
        Plain with { Domain = "link." + Zone, Type = "CNAME", Link = "www." + Zone, Answers = [] },
        Plain with { Zone = "elsewhere.test", Domain = "odd.elsewhere.test", Networks = default },
    ];

    [Fact]
    public void A_shard_of_models_reads_back_every_record_exactly()
    {
        var shard = Assert.IsType<PackedRecordShard>(RecordShard.Of(Records, Zone));
        Assert.Equal(Records.Length, shard.Count);
        Assert.True(shard.Records.IsEmpty);
        Assert.Equal(Records, shard.RecordsOf(Zone).ToArray());
    }

    [Fact]
    public void A_packed_shard_is_stored_under_its_own_type_so_an_older_silo_cannot_read_it_as_empty()
    {
        using var services = new ServiceCollection()
            .AddSerializer(b => b.AddAssembly(typeof(RecordShard).Assembly).AddAssembly(typeof(DnsRecord).Assembly))
            .BuildServiceProvider();
        var serializer = services.GetRequiredService<Serializer>();
        var bytes = serializer.SerializeToArray<RecordShard>(RecordShard.Of(Records, Zone));
        // The payload names the packed type (an older silo fails on the unknown type instead of loading no records)...
        Assert.True(bytes.AsSpan().IndexOf("vantage.zone-record-shard.v2"u8) >= 0);
        // ... and this silo reads it back through the declared type.
        Assert.Equal(Records, serializer.Deserialize<RecordShard>(bytes)!.RecordsOf(Zone).ToArray());
    }

    [Fact]
    public void A_shard_stored_as_objects_before_models_still_reads()
    {
        var old = new RecordShard { Records = [.. Records] };
        Assert.Equal(Records, old.RecordsOf(Zone).ToArray());
    }

    [Fact]
    public void The_record_model_knows_every_field_of_a_record()
    {
        // A field added to DnsRecord or DnsAnswer must be added to RecordModel too (shards are stored through it, and a
        // field it does not carry would be lost on the next checkpoint): update both lists after doing so.
        Assert.Equal(
            ["Answers", "Domain", "FeedData", "FeedsJson", "FiltersJson", "Id", "Link", "MetaJson", "Networks", "OverrideTtl",
             "RegionsJson", "Tier", "Ttl", "Type", "UseClientSubnet", "Zone"],
            Stored(typeof(DnsRecord)).Order(StringComparer.Ordinal));
        Assert.Equal(["Id", "MetaJson", "Rdata", "RdataJson", "Region"], Stored(typeof(DnsAnswer)).Order(StringComparer.Ordinal));
    }

    private static IEnumerable<string> Stored(Type type) =>
        type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanWrite).Select(p => p.Name);
}
