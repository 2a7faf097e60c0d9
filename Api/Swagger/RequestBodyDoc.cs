using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace Vantage.Api.Swagger;

/// <summary>
/// Documents a request body without taking part in routing. (<c>Accepts&lt;T&gt;()</c> would make routing match on
/// Content-Type, but NS1 clients send JSON with no Content-Type or any other, and the endpoints read it regardless.)
/// </summary>
public sealed record RequestBodyDoc(Type Schema, string ContentType);

public static class RequestBodyDocExtensions
{
    public static RouteHandlerBuilder DocumentsBody<T>(this RouteHandlerBuilder builder, string contentType = "application/json") =>
        builder.WithMetadata(new RequestBodyDoc(typeof(T), contentType));
}

/// <summary>Turns <see cref="RequestBodyDoc"/> metadata into the operation's request body.</summary>
internal sealed class RequestBodyDocFilter : IOperationFilter
{
    public void Apply(OpenApiOperation operation, OperationFilterContext context)
    {
        var doc = context.ApiDescription.ActionDescriptor.EndpointMetadata.OfType<RequestBodyDoc>().LastOrDefault();
        if (doc is null) return;
        var schema = context.SchemaGenerator.GenerateSchema(doc.Schema, context.SchemaRepository);
        operation.RequestBody = new OpenApiRequestBody
        {
            Required = doc.ContentType.StartsWith("multipart/", StringComparison.Ordinal),
            Content = new Dictionary<string, OpenApiMediaType> { [doc.ContentType] = new() { Schema = schema } },
        };
    }
}
