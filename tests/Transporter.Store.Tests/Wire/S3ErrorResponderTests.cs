using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Transporter.Identity.Signatures;
using Transporter.Store.Engine;
using Transporter.Store.Protocol.Errors;

namespace Transporter.Store.Tests.Wire;

public class S3ErrorResponderTests
{
    private static async Task<(DefaultHttpContext Context, string Body, List<string> Logged)> RespondAsync(Exception error, string method = "GET")
    {
        var logged = new List<string>();
        var context = new DefaultHttpContext();
        context.Request.Method = method;
        var body = new MemoryStream();
        context.Response.Body = body;
        await new S3ErrorResponder(new ListLogger(logged)).RespondAsync(context, error, "/bucket/key", "REQ0123456789ABC");
        return (context, Encoding.UTF8.GetString(body.ToArray()), logged);
    }

    public static TheoryData<AuthFailureKind> AuthFailureKinds => new(Enum.GetValues<AuthFailureKind>());

    [Theory]
    [MemberData(nameof(AuthFailureKinds))]
    public async Task Every_identity_refusal_is_answered_with_its_S3_code_and_status(AuthFailureKind kind)
    {
        var (context, body, _) = await RespondAsync(new RequestAuthenticationException(kind, "why it was refused"));

        Assert.True(S3ErrorTable.IsKnown(kind.ToString()), $"{kind} has no entry in S3ErrorTable");
        Assert.Equal(S3ErrorTable.Lookup(kind.ToString()).Status, context.Response.StatusCode);
        Assert.Contains($"<Code>{kind}</Code>", body);
        Assert.Contains("<Message>why it was refused</Message>", body);
    }

    [Fact]
    public async Task Signature_refusals_are_403_and_malformed_authentication_400()
    {
        foreach (var (kind, status) in new[] { (AuthFailureKind.SignatureDoesNotMatch, 403), (AuthFailureKind.InvalidAccessKeyId, 403),
                     (AuthFailureKind.RequestTimeTooSkewed, 403), (AuthFailureKind.AccessDenied, 403),
                     (AuthFailureKind.AuthorizationQueryParametersError, 400), (AuthFailureKind.XAmzContentSHA256Mismatch, 400),
                     (AuthFailureKind.IncompleteBody, 400) })
            Assert.Equal((kind, status), (kind, (await RespondAsync(new RequestAuthenticationException(kind))).Context.Response.StatusCode));
    }

    [Fact]
    public async Task An_unknown_exception_is_a_logged_500_InternalError_with_the_request_id_and_no_details()
    {
        var (context, body, logged) = await RespondAsync(new InvalidOperationException("secret internal detail"));

        Assert.Equal(500, context.Response.StatusCode);
        Assert.Equal("application/xml", context.Response.ContentType);
        Assert.Contains("<Code>InternalError</Code>", body);
        Assert.Contains("<RequestId>REQ0123456789ABC</RequestId>", body);
        Assert.Contains("<Resource>/bucket/key</Resource>", body);
        Assert.DoesNotContain("secret internal detail", body);
        Assert.Equal("REQ0123456789ABC", context.Response.Headers["x-amz-request-id"]);
        Assert.Contains(logged, l => l.StartsWith("Error:", StringComparison.Ordinal) && l.Contains("REQ0123456789ABC"));
    }

    [Fact]
    public async Task Engine_errors_take_status_and_message_from_the_one_table_and_head_answers_have_no_body()
    {
        var (context, body, _) = await RespondAsync(new StoreException(StoreErrorCode.NoSuchKey));
        Assert.Equal(404, context.Response.StatusCode);
        Assert.Contains("<Message>The specified key does not exist.</Message>", body);

        var (head, headBody, _) = await RespondAsync(new StoreException(StoreErrorCode.BucketNotEmpty), "HEAD");
        Assert.Equal(409, head.Response.StatusCode);
        Assert.Equal("", headBody);

        var (bad, badBody, _) = await RespondAsync(new S3Exception("MalformedXML", "custom words"));
        Assert.Equal(400, bad.Response.StatusCode);
        Assert.Contains("<Message>custom words</Message>", badBody);
        foreach (var code in Enum.GetNames<StoreErrorCode>()) Assert.True(S3ErrorTable.IsKnown(code), code);
    }

    private sealed class ListLogger(List<string> lines) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            lines.Add($"{logLevel}: {formatter(state, exception)}");
    }
}
