using Vantage.Api.Json;
using Vantage.Api.Swagger;
using Vantage.Model;

namespace Vantage.Api.Endpoints;

/// <summary>Maps grain results to HTTP: refusals become NS1 error answers with the grain's exact message.</summary>
public static class GrainOutcome
{
    /// <summary>The value of a successful result; otherwise throws the matching <see cref="ApiRequestException"/>.</summary>
    public static T Value<T>(OpResult<T> result)
    {
        if (result.Ok) return result.Value!;
        throw new ApiRequestException(StatusOf(result.Error), result.Message ?? DefaultMessage(result.Error));
    }

    public static int StatusOf(OpError error) => error switch
    {
        OpError.Invalid => StatusCodes.Status400BadRequest,
        OpError.NotFound => StatusCodes.Status404NotFound,
        // NS1 answers "zone already exists" / "record already exists" like its other refusals, with 400.
        OpError.AlreadyExists => StatusCodes.Status400BadRequest,
        OpError.Busy => StatusCodes.Status409Conflict,
        _ => StatusCodes.Status500InternalServerError,
    };

    private static string DefaultMessage(OpError error) => error switch
    {
        OpError.NotFound => "not found",
        OpError.StorageFailed => "the change could not be stored",
        _ => "invalid request",
    };

    /// <summary>Documents the error answers every <c>/v1</c> endpoint may give.</summary>
    public static RouteHandlerBuilder ProducesErrors(this RouteHandlerBuilder builder, params int[] statusCodes)
    {
        foreach (var status in statusCodes.Concat([StatusCodes.Status401Unauthorized, StatusCodes.Status429TooManyRequests]).Distinct())
            builder.Produces<ErrorDoc>(status);
        return builder;
    }
}
