using System.Text.Json;
using Vantage.Api.Json;
using Vantage.Api.Swagger;
using Vantage.Feeds;

namespace Vantage.Api.Endpoints;

/// <summary><c>/v1/data/sources</c>, <c>/v1/data/feeds</c>, <c>/v1/data/sourcetypes</c> and publishing with <c>POST /v1/feed/{sourceid}</c>.</summary>
public static class DataApi
{
    public static IEndpointRouteBuilder MapDataApi(this IEndpointRouteBuilder app)
    {
        var sources = app.MapGroup("/v1/data/sources").WithTags("Data sources and feeds");
        sources.MapGet("", ListSources).WithName("ListDataSources").WithSummary("List data sources with their feeds.")
            .Produces<DataSourceDoc[]>().ProducesErrors();
        sources.MapPut("", CreateSource).WithName("CreateDataSource").WithSummary("Create a data source (nsone_v1 or nsone_monitoring).")
            .DocumentsBody<DataSourceDoc>().Produces<DataSourceDoc>().ProducesErrors(400);
        sources.MapGet("/{id}", GetSource).WithName("GetDataSource").WithSummary("Read a data source.").Produces<DataSourceDoc>().ProducesErrors(404);
        sources.MapPost("/{id}", UpdateSource).WithName("UpdateDataSource").WithSummary("Rename or reconfigure a data source.")
            .DocumentsBody<DataSourceDoc>().Produces<DataSourceDoc>().ProducesErrors(400, 404);
        sources.MapDelete("/{id}", DeleteSource).WithName("DeleteDataSource").WithSummary("Delete a source and its feeds; refused while records point at them.")
            .Produces<EmptyDoc>().ProducesErrors(400, 404);

        var feeds = app.MapGroup("/v1/data/feeds/{sourceid}").WithTags("Data sources and feeds");
        feeds.MapGet("", ListFeeds).WithName("ListDataFeeds").WithSummary("List a source's feeds.").Produces<DataFeedDoc[]>().ProducesErrors(404);
        feeds.MapPut("", CreateFeed).WithName("CreateDataFeed")
            .WithSummary("Create a feed: config.label for nsone_v1, config.jobid for nsone_monitoring. Point meta at it with {\"feed\":\"<id>\"}.")
            .DocumentsBody<DataFeedDoc>().Produces<DataFeedDoc>().ProducesErrors(400, 404);
        feeds.MapGet("/{feedid}", GetFeed).WithName("GetDataFeed").WithSummary("Read a feed with its data and destinations.")
            .Produces<DataFeedDoc>().ProducesErrors(404);
        feeds.MapPost("/{feedid}", UpdateFeed).WithName("UpdateDataFeed").WithSummary("Rename or reconfigure a feed.")
            .DocumentsBody<DataFeedDoc>().Produces<DataFeedDoc>().ProducesErrors(400, 404);
        feeds.MapDelete("/{feedid}", DeleteFeed).WithName("DeleteDataFeed").WithSummary("Delete a feed; refused while records point at it.")
            .Produces<EmptyDoc>().ProducesErrors(400, 404);

        app.MapGet("/v1/data/sourcetypes", SourceTypeList).WithTags("Data sources and feeds").WithName("ListSourceTypes")
            .WithSummary("Data source types and their feed config.").Produces(StatusCodes.Status200OK).ProducesErrors();
        app.MapPost("/v1/feed/{sourceid}", Publish).WithTags("Data sources and feeds").WithName("PublishFeed")
            .WithSummary("Publish meta: a flat table for every feed of the source, or {\"<label>\":{…}} per feed. Pointed answers change at the edges.")
            .DocumentsBody<Dictionary<string, JsonElement>>().Produces<EmptyDoc>().ProducesErrors(400, 404);
        return app;
    }

    private static IDataSourcesGrain Sources(IGrainFactory grains) => grains.GetGrain<IDataSourcesGrain>(GrainKeys.Directory);

    private static async Task<DataFeed[]> FeedsOf(IGrainFactory grains, DataSource source)
    {
        var feeds = await Task.WhenAll(source.Feeds.Select(f => grains.GetGrain<IDataFeedGrain>(f.Id).Get()));
        return [.. feeds.Where(f => f.Ok).Select(f => f.Value!)];
    }

    private static async Task<IResult> ListSources(IGrainFactory grains)
    {
        var sources = await Sources(grains).List();
        var feeds = await Task.WhenAll(sources.Select(s => FeedsOf(grains, s)));
        return new JsonWriterResult(StatusCodes.Status200OK, w =>
        {
            w.WriteStartArray();
            for (var i = 0; i < sources.Length; i++) FeedJson.WriteSource(w, sources[i], feeds[i]);
            w.WriteEndArray();
        });
    }

    private static async Task<IResult> CreateSource(HttpRequest request, IGrainFactory grains, CancellationToken ct)
    {
        using var body = await JsonBody.ReadObjectAsync(request, ct);
        var name = JsonFields.String(body.RootElement, "name") ?? throw ApiRequestException.BadRequest("name is required");
        var type = JsonFields.String(body.RootElement, "sourcetype") ?? throw ApiRequestException.BadRequest("sourcetype is required");
        var config = JsonFields.Raw(body.RootElement, "config", JsonValueKind.Object, "{}") ?? "{}";
        return await Source(grains, GrainOutcome.Value(await Sources(grains).Create(name, type, config)));
    }

    private static async Task<IResult> GetSource(string id, IGrainFactory grains) =>
        await Source(grains, GrainOutcome.Value(await Sources(grains).Get(id)));

    private static async Task<IResult> UpdateSource(string id, HttpRequest request, IGrainFactory grains, CancellationToken ct)
    {
        using var body = await JsonBody.ReadObjectAsync(request, ct);
        var name = JsonFields.String(body.RootElement, "name");
        var config = JsonFields.Raw(body.RootElement, "config", JsonValueKind.Object, "{}");
        return await Source(grains, GrainOutcome.Value(await Sources(grains).Update(id, name, config)));
    }

    private static async Task<IResult> DeleteSource(string id, IGrainFactory grains)
    {
        GrainOutcome.Value(await Sources(grains).Delete(id));
        return ApiResults.EmptyObject();
    }

    private static async Task<IResult> ListFeeds(string sourceid, IGrainFactory grains)
    {
        var source = GrainOutcome.Value(await Sources(grains).Get(sourceid));
        var feeds = await FeedsOf(grains, source);
        return new JsonWriterResult(StatusCodes.Status200OK, w =>
        {
            w.WriteStartArray();
            foreach (var feed in feeds) FeedJson.WriteFeed(w, feed);
            w.WriteEndArray();
        });
    }

    private static async Task<IResult> CreateFeed(string sourceid, HttpRequest request, IGrainFactory grains, CancellationToken ct)
    {
        using var body = await JsonBody.ReadObjectAsync(request, ct);
        var name = JsonFields.String(body.RootElement, "name") ?? throw ApiRequestException.BadRequest("name is required");
        var config = JsonFields.Raw(body.RootElement, "config", JsonValueKind.Object, "{}") ?? "{}";
        return Feed(GrainOutcome.Value(await Sources(grains).CreateFeed(sourceid, name, config)));
    }

    private static async Task<IResult> GetFeed(string sourceid, string feedid, IGrainFactory grains)
    {
        var feed = GrainOutcome.Value(await grains.GetGrain<IDataFeedGrain>(feedid).Get());
        if (feed.SourceId != sourceid) throw new ApiRequestException(StatusCodes.Status404NotFound, "feed not found");
        return Feed(feed);
    }

    private static async Task<IResult> UpdateFeed(string sourceid, string feedid, HttpRequest request, IGrainFactory grains, CancellationToken ct)
    {
        using var body = await JsonBody.ReadObjectAsync(request, ct);
        var name = JsonFields.String(body.RootElement, "name");
        var config = JsonFields.Raw(body.RootElement, "config", JsonValueKind.Object, "{}");
        return Feed(GrainOutcome.Value(await Sources(grains).UpdateFeed(sourceid, feedid, name, config)));
    }

    private static async Task<IResult> DeleteFeed(string sourceid, string feedid, IGrainFactory grains)
    {
        GrainOutcome.Value(await Sources(grains).DeleteFeed(sourceid, feedid));
        return ApiResults.EmptyObject();
    }

    private static async Task<IResult> Publish(string sourceid, HttpRequest request, IGrainFactory grains, CancellationToken ct)
    {
        using var body = await JsonBody.ReadObjectAsync(request, ct);
        GrainOutcome.Value(await Sources(grains).Publish(sourceid, body.RootElement.GetRawText()));
        return ApiResults.EmptyObject();
    }

    private static IResult SourceTypeList() => new JsonWriterResult(StatusCodes.Status200OK, w =>
    {
        w.WriteStartObject();
        foreach (var type in SourceTypes.All)
        {
            w.WriteStartObject(type.Name);
            w.WriteString("shortdesc", type.Name);
            w.WriteString("desc", type.Description);
            w.WriteStartObject("config");
            w.WriteEndObject();
            w.WriteStartObject("feed_config");
            w.WriteStartObject(type.FeedKey);
            w.WriteString("shortdesc", type.FeedKeyDescription);
            w.WriteString("type", "text");
            w.WriteBoolean("required", true);
            w.WriteEndObject();
            w.WriteEndObject();
            w.WriteStartArray("compatible_meta");
            foreach (var key in type.CompatibleMeta ?? Vantage.Traffic.MetaParser.Keys) w.WriteStringValue(key);
            w.WriteEndArray();
            w.WriteEndObject();
        }
        w.WriteEndObject();
    });

    private static async Task<IResult> Source(IGrainFactory grains, DataSource source)
    {
        var feeds = await FeedsOf(grains, source);
        return new JsonWriterResult(StatusCodes.Status200OK, w => FeedJson.WriteSource(w, source, feeds));
    }

    private static JsonWriterResult Feed(DataFeed feed) => new(StatusCodes.Status200OK, w => FeedJson.WriteFeed(w, feed));
}
