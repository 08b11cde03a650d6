using Transporter.Api.Access;
using Transporter.Identity.Customers;
using Transporter.Identity.Signatures;

namespace Transporter.Api.Http;

/// <summary>
/// Every Transporter API endpoint requires a request signed with AWS SigV4 for the service "transporter" (or SigV2)
/// by an access key of the identity store shared with the S3 store. Unsigned requests and bad signatures get 403;
/// the caller (root and user) is kept for the handler, and the verified body replaces the raw one. Then the caller's
/// policies must allow the endpoint's <see cref="RequiredAction"/> (403 AccessDenied); an endpoint without one is refused.
/// </summary>
public sealed class TransporterAuthFilter(IRequestAuthenticator authenticator, RootAccessGate gate) : IEndpointFilter
{
    public const string Service = "transporter";

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        // Refused before the authenticator buffers the body to hash it.
        if (http.Request.ContentLength > JsonBody.MaxBytes) return JsonBody.TooLarge();
        AuthResult result;
        try
        {
            result = await authenticator.AuthenticateAsync(HttpSignedRequest.From(http.Request), Service, http.RequestAborted);
        }
        catch (RequestAuthenticationException e)
        {
            return AuthFailureResults.From(e);
        }
        if (result.Caller is null)
            return ApiResults.Forbidden($"the request must be signed with AWS Signature Version 4 for the service \"{Service}\" (or Version 2)");
        // A disabled customer, or one whose Transporter service is off (RSModifyCustomer, RSSetCustomerServiceAccessLevel).
        if (await gate.RefusalAsync(result.Caller, Service, http.Connection.RemoteIpAddress, http.RequestAborted) is { } refusal)
            return ApiResults.AccessDenied(refusal);
        http.SetCaller(result.Caller);
        http.Request.Body = result.Body;
        if (http.GetEndpoint()?.Metadata.GetMetadata<RequiredAction>() is not { } required)
            return ApiResults.AccessDenied("this endpoint names no transporter:* action, so nobody may call it");
        if (!required.CheckedByHandler && await http.AuthorizeAsync(required.Action, required.ResourceFor(http)) is { } refused) return refused;
        return await next(context);
    }
}
