namespace Transporter.Store.Protocol.Errors;

/// <summary>An S3 error answered as S3 error XML; <see cref="Code"/> selects status and default message from <see cref="S3ErrorTable"/>.</summary>
public sealed class S3Exception(string code, string? message = null, Exception? inner = null)
    : Exception(message ?? S3ErrorTable.Lookup(code).Message, inner)
{
    public string Code { get; } = code;

    public int StatusCode => S3ErrorTable.Lookup(Code).Status;
}
