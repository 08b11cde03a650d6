using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Hosting;

namespace Transporter.Store;

/// <summary>Registers the built-in S3 store and serves it on its own port of the host.</summary>
public static class StoreServiceExtensions
{
    public static IHostApplicationBuilder AddS3Store(this IHostApplicationBuilder builder) => builder;

    /// <summary>Answers every request arriving on <paramref name="port"/> as the S3 store, ahead of the API's pipeline.</summary>
    public static WebApplication UseS3Store(this WebApplication app, int port)
    {
        app.MapWhen(ctx => ctx.Connection.LocalPort == port, s3 => s3.Run(async ctx =>
        {
            if (ctx.Request.Path == "/health") { await ctx.Response.WriteAsync("ok"); return; }
            ctx.Response.StatusCode = StatusCodes.Status501NotImplemented;
        }));
        return app;
    }
}
