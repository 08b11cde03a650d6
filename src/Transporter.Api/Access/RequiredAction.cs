namespace Transporter.Api.Access;

/// <summary>
/// Endpoint metadata: the Transporter action an API endpoint needs and the kind of resource it acts on, whose id is
/// the route value <see cref="RouteKey"/> (none: <c>KIND/*</c>). <see cref="CheckedByHandler"/> endpoints decide in
/// their handler, because the action or the resources are in the body (POST /pause/:id's "paused", POST /bandwidth's
/// list). <see cref="Http.TransporterAuthFilter"/> refuses an endpoint without one, so nothing is open by omission.
/// </summary>
public sealed record RequiredAction(string Action, string ResourceKind, string? RouteKey = "id", bool CheckedByHandler = false)
{
    public string ResourceFor(HttpContext http) =>
        TransporterResources.Of(ResourceKind, RouteKey is not null && http.Request.RouteValues.TryGetValue(RouteKey, out var value) ? value as string : null);
}
