using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;
using Vantage.Api.Security;

namespace Vantage.Api.Swagger;

/// <summary>OpenAPI document at <c>/swagger/v1/swagger.json</c> and the UI at <c>/swagger</c>.</summary>
public static class SwaggerSetup
{
    public const string SecuritySchemeId = "NsoneKey";
    public const string DocumentName = "v1";

    public static IServiceCollection AddVantageSwagger(this IServiceCollection services)
    {
        services.AddEndpointsApiExplorer();
        services.AddSwaggerGen(options =>
        {
            options.SwaggerDoc(DocumentName, new OpenApiInfo
            {
                Title = "Vantage API",
                Version = DocumentName,
                Description = "NS1-compatible REST API: PUT creates, POST merges, GET reads, DELETE deletes.",
            });
            options.AddSecurityDefinition(SecuritySchemeId, new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.ApiKey,
                In = ParameterLocation.Header,
                Name = ApiKeyAuthenticationHandler.HeaderName,
                Description = "The API key (VANTAGE_API_KEY or the generated development key).",
            });
            options.OperationFilter<RequestBodyDocFilter>();
            options.DocumentFilter<ApiKeySecurityFilter>();
        });
        return services;
    }

    public static WebApplication UseVantageSwagger(this WebApplication app)
    {
        app.UseSwagger();
        app.UseSwaggerUI(options =>
        {
            options.SwaggerEndpoint($"/swagger/{DocumentName}/swagger.json", "Vantage API v1");
            options.RoutePrefix = "swagger";
        });
        return app;
    }

    /// <summary>Every operation under <c>/v1</c> requires the <c>X-NSONE-Key</c> scheme.</summary>
    private sealed class ApiKeySecurityFilter : IDocumentFilter
    {
        public void Apply(OpenApiDocument document, DocumentFilterContext context)
        {
            foreach (var (path, item) in document.Paths)
            {
                if (!path.StartsWith("/v1/", StringComparison.Ordinal) || item.Operations is null) continue;
                foreach (var operation in item.Operations.Values)
                {
                    operation.Security ??= [];
                    operation.Security.Add(new OpenApiSecurityRequirement
                    {
                        [new OpenApiSecuritySchemeReference(SecuritySchemeId, document)] = [],
                    });
                }
            }
        }
    }
}
