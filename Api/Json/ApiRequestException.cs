namespace Vantage.Api.Json;

/// <summary>A request the API refuses; answered as <c>{"message": Message}</c> with <see cref="StatusCode"/>.</summary>
public sealed class ApiRequestException(int statusCode, string message) : Exception(message)
{
    public int StatusCode { get; } = statusCode;

    public static ApiRequestException BadRequest(string message) => new(StatusCodes.Status400BadRequest, message);
}
