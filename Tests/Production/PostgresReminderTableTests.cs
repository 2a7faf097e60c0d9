using Microsoft.Extensions.DependencyInjection;
using Orleans.Runtime;
using Vantage.Silo.Production;

namespace Vantage.Tests.Production;

/// <summary>The reminder queries of deploy/postgres through Orleans' own ADO.NET reminder table.</summary>
[Collection(ProductionServicesCollection.Name)]
public sealed class PostgresReminderTableTests(ProductionServicesFixture services)
{
    [Fact]
    public async Task Reminder_rows_are_upserted_read_by_grain_and_hash_range_and_deleted_only_with_the_current_etag()
    {
        await using var silo = await ProductionSilo.StartAsync(ProductionSilo.OptionsFor(services, services.NewId("reminders"), GrainStoreKind.Postgres));
        var table = silo.Host.Services.GetRequiredService<IReminderTable>();
        // Far in the future: the silo's own reminder service loads these rows but never fires them.
        var start = new DateTime(2100, 1, 1, 0, 0, 0, 123, DateTimeKind.Utc);
        var first = new ReminderEntry { GrainId = GrainId.Create("probe", "one"), ReminderName = "tick", StartAt = start, Period = TimeSpan.FromHours(1) };
        var second = new ReminderEntry { GrainId = GrainId.Create("probe", "two"), ReminderName = "tock", StartAt = start, Period = TimeSpan.FromDays(30) };

        var etag1 = await table.UpsertRow(first);
        await table.UpsertRow(second);
        first.Period = TimeSpan.FromHours(2);
        var etag2 = await table.UpsertRow(first);
        Assert.NotEqual(etag1, etag2);

        var read = await table.ReadRow(first.GrainId, "tick");
        Assert.NotNull(read);
        Assert.Equal((start, TimeSpan.FromHours(2), etag2), (read.StartAt, read.Period, read.ETag));
        Assert.Equal(["tick"], (await table.ReadRows(first.GrainId)).Reminders.Select(r => r.ReminderName));

        var hash = first.GrainId.GetUniformHashCode();
        Assert.Equal(["tick"], (await table.ReadRows(hash - 1, hash)).Reminders.Select(r => r.ReminderName));
        Assert.Equal(["tock"], (await table.ReadRows(hash, hash - 1)).Reminders.Select(r => r.ReminderName));

        Assert.False(await table.RemoveRow(first.GrainId, "tick", etag1!));
        Assert.NotNull(await table.ReadRow(first.GrainId, "tick"));
        Assert.True(await table.RemoveRow(first.GrainId, "tick", etag2!));
        Assert.Empty((await table.ReadRows(first.GrainId)).Reminders);
    }
}
