using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Vantage.Api.Endpoints;
using Xunit;

namespace Vantage.Tests.Api;

/// <summary>
/// A write whose answer never came back is 504 "outcome unknown" (and may indeed have been applied), distinct from
/// 503 when nothing was sent; <c>/health</c> costs the cluster one cheap call a second at most.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class HonestOutcomeTests(ApiFixture fixture)
{
    /// <summary>Lets record creations through to the grain, then loses their answers (as when the response timeout passes).</summary>
    private sealed class LoseCreateAnswers : IOutgoingGrainCallFilter
    {
        public async Task Invoke(IOutgoingGrainCallContext context)
        {
            await context.Invoke();
            if (context.MethodName == nameof(IZoneGrain.CreateRecord)) throw new TimeoutException("Response did not arrive on time");
        }
    }

    [Fact]
    public async Task A_write_whose_answer_is_lost_is_504_outcome_unknown_and_may_have_been_applied()
    {
        using var factory = fixture.CreateFactory(services: s => s.AddSingleton<IOutgoingGrainCallFilter, LoseCreateAnswers>());
        using var client = factory.CreateApiClient();
        var zone = ApiCalls.NewZone("lost");
        await client.CreateZone(zone);

        var put = await client.Put($"/v1/zones/{zone}/www.{zone}/A", """{"answers":[{"answer":["192.0.2.7"]}]}""");

        Assert.Equal(HttpStatusCode.GatewayTimeout, put.Status);
        Assert.Contains("outcome of the write is unknown", put.Message, StringComparison.Ordinal);
        var read = await client.Get($"/v1/zones/{zone}/www.{zone}/A");
        Assert.Equal(HttpStatusCode.OK, read.Status);   // it was applied: only a read tells
    }

    [Fact]
    public async Task Health_probes_the_cluster_at_most_once_a_second_and_needs_no_key()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        using var factory = fixture.CreateFactory(services: s => s.AddSingleton<TimeProvider>(time));
        using var anonymous = factory.CreateClient();
        var probe = factory.Services.GetRequiredService<HealthProbe>();

        for (var i = 0; i < 20; i++) Assert.Equal("""{"status":"ready"}""", (await anonymous.Get("/health")).Body);
        Assert.Equal(1, probe.Probes);

        time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(HttpStatusCode.OK, (await anonymous.Get("/health")).Status);
        Assert.Equal(2, probe.Probes);
    }
}
