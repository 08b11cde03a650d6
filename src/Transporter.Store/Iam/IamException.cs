namespace Transporter.Store.Iam;

/// <summary>A refusal of the IAM or STS endpoint, answered as their error XML (Type Sender unless the server failed).</summary>
internal sealed class IamException(int status, string code, string message) : Exception(message)
{
    public int Status { get; } = status;
    public string Code { get; } = code;

    public static IamException Validation(string message) => new(400, "ValidationError", message);

    public static IamException Missing(string parameter) =>
        Validation($"1 validation error detected: Value null at '{char.ToLowerInvariant(parameter[0])}{parameter[1..]}' failed to satisfy constraint: Member must not be null");

    public static IamException InvalidInput(string message) => new(400, "InvalidInput", message);

    public static IamException AccessDenied(string message) => new(403, "AccessDenied", message);
}
