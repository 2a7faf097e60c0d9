using Vantage.Api.Json;
using Vantage.Api.Swagger;
using Vantage.Monitoring;

namespace Vantage.Api.Endpoints;

/// <summary><c>/v1/lists</c> and <c>/v1/notifytypes</c>.</summary>
public static class NotifyListsApi
{
    public static IEndpointRouteBuilder MapNotifyListsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v1/lists").WithTags("Notify lists");
        group.MapGet("", List).WithName("ListNotifyLists").WithSummary("List notify lists.").Produces<NotifyListDoc[]>().ProducesErrors();
        group.MapPut("", Create).WithName("CreateNotifyList")
            .WithSummary("Create a notify list: webhook and slack are POSTed (retried with back-off), datafeed pushes up/down into a data source; email, user and pagerduty are stored only.")
            .DocumentsBody<NotifyListDoc>().Produces<NotifyListDoc>().ProducesErrors(400);
        group.MapGet("/{id}", Get).WithName("GetNotifyList").WithSummary("Read a notify list.").Produces<NotifyListDoc>().ProducesErrors(404);
        group.MapPost("/{id}", Update).WithName("UpdateNotifyList").WithSummary("Update a notify list (members sent replace).")
            .DocumentsBody<NotifyListDoc>().Produces<NotifyListDoc>().ProducesErrors(400, 404);
        group.MapDelete("/{id}", Delete).WithName("DeleteNotifyList").WithSummary("Delete a notify list no job uses.")
            .Produces<EmptyDoc>().ProducesErrors(400, 404);
        app.MapGet("/v1/notifytypes", Types).WithTags("Notify lists").WithName("ListNotifyTypes").WithSummary("Notifier types and their config.").Produces(StatusCodes.Status200OK).ProducesErrors();
        return app;
    }

    private static INotifyListsGrain Lists(IGrainFactory grains) => grains.GetGrain<INotifyListsGrain>(GrainKeys.Directory);

    private static async Task<IResult> List(IGrainFactory grains)
    {
        var lists = await Lists(grains).List();
        return new JsonWriterResult(StatusCodes.Status200OK, w =>
        {
            w.WriteStartArray();
            foreach (var list in lists) MonitoringJson.WriteList(w, list);
            w.WriteEndArray();
        });
    }

    private static async Task<IResult> Create(HttpRequest request, IGrainFactory grains, CancellationToken ct)
    {
        using var body = await JsonBody.ReadObjectAsync(request, ct);
        var list = MonitoringJson.ParseList(body.RootElement, new NotifyList { Id = "", Name = "" });
        return One(GrainOutcome.Value(await Lists(grains).Create(list)));
    }

    private static async Task<IResult> Get(string id, IGrainFactory grains) => One(GrainOutcome.Value(await Lists(grains).Get(id)));

    private static async Task<IResult> Update(string id, HttpRequest request, IGrainFactory grains, CancellationToken ct)
    {
        var current = GrainOutcome.Value(await Lists(grains).Get(id));
        using var body = await JsonBody.ReadObjectAsync(request, ct);
        return One(GrainOutcome.Value(await Lists(grains).Update(MonitoringJson.ParseList(body.RootElement, current))));
    }

    private static async Task<IResult> Delete(string id, IGrainFactory grains)
    {
        GrainOutcome.Value(await Lists(grains).Delete(id));
        return ApiResults.EmptyObject();
    }

    private static IResult Types() => new JsonWriterResult(StatusCodes.Status200OK, w =>
    {
        w.WriteStartObject();
        foreach (var type in MonitorCatalog.NotifyTypes)
        {
            w.WriteStartObject(type.Name);
            w.WriteString("shortdesc", type.Name);
            w.WriteString("desc", type.Description);
            w.WriteBoolean("delivered", type.Delivered);
            CatalogJson.WriteFields(w, "config", type.Config);
            w.WriteEndObject();
        }
        w.WriteEndObject();
    });

    private static JsonWriterResult One(NotifyList list) => new(StatusCodes.Status200OK, w => MonitoringJson.WriteList(w, list));
}
