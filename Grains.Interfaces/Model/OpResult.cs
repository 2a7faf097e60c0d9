namespace Vantage.Model;

/// <summary>Why an operation was refused; the API maps it to an HTTP status.</summary>
public enum OpError
{
    None = 0,
    /// <summary>400: the input is invalid; the message says exactly why.</summary>
    Invalid,
    /// <summary>404: zone or record not found.</summary>
    NotFound,
    /// <summary>409-like conflicts NS1 answers with 400 or 409 (<c>zone already exists</c>, <c>record already exists</c>).</summary>
    AlreadyExists,
    /// <summary>500: the change could not be stored; nothing changed.</summary>
    StorageFailed,
    /// <summary>409: the zone is busy with a long operation (an import); retry when it has finished.</summary>
    Busy,
}

/// <summary>Result of a grain operation: a value, or an error with an NS1-style message.</summary>
[GenerateSerializer, Immutable, Alias("vantage.op-result`1")]
public sealed record OpResult<T>
{
    [Id(0)] public T? Value { get; init; }
    [Id(1)] public OpError Error { get; init; }
    [Id(2)] public string? Message { get; init; }

    public bool Ok => Error == OpError.None;

    public static OpResult<T> Success(T value) => new() { Value = value };
    public static OpResult<T> Fail(OpError error, string message) => new() { Error = error, Message = message };
}

/// <summary>The exact error strings NS1 clients match on.</summary>
public static class Messages
{
    public const string ZoneNotFound = "zone not found";
    public const string RecordNotFound = "record not found";
    public const string ZoneAlreadyExists = "zone already exists";
    public const string RecordAlreadyExists = "record already exists";
    public const string AuthenticationRequired = "Authentication required";
}
