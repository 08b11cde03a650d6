namespace Transporter.Api.Hosting;

public static class HealthEndpoints
{
    /// <summary>GET /health answers 200 once the process is ready (the store answers on its own port).</summary>
    public static WebApplication MapHealth(this WebApplication app)
    {
        app.MapGet("/health", () => Results.Ok(new { status = "ok" }));
        return app;
    }
}
