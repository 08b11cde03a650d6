namespace Transporter.Api.Access;

/// <summary>Names the <see cref="RequiredAction"/> of an endpoint where it is mapped.</summary>
public static class RequiredActionExtensions
{
    /// <summary>The endpoint needs <paramref name="action"/> on the resource of <paramref name="kind"/> named by the route value
    /// <paramref name="routeKey"/> (null: on <c>KIND/*</c>).</summary>
    public static RouteHandlerBuilder Requires(this RouteHandlerBuilder builder, string action, string kind, string? routeKey = "id") =>
        builder.WithMetadata(new RequiredAction(action, kind, routeKey));

    /// <summary>The handler checks <paramref name="action"/> itself (with <see cref="ApiAuthorization"/>), once it has read the body.</summary>
    public static RouteHandlerBuilder RequiresInHandler(this RouteHandlerBuilder builder, string action, string kind) =>
        builder.WithMetadata(new RequiredAction(action, kind, null, CheckedByHandler: true));
}
