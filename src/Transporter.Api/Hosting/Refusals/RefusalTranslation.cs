using System.IO.Pipelines;
using System.Net;
using Microsoft.AspNetCore.Connections;
using Transporter.Core.Hosting;

namespace Transporter.Api.Hosting.Refusals;

/// <summary>
/// Kestrel connection middleware for every listener: Kestrel answers requests it cannot accept (headers over its limit,
/// a request line too long, %00 in the path, a missing Content-Length...) itself, with an empty body, before any
/// application code runs, and offers no hook for that answer. This layer sits between Kestrel and the socket and gives
/// those answers a body in the protocol of the listener's port (<see cref="RefusalRewritingWriter"/>, rendered by the
/// port's <see cref="IRefusalRenderer"/>); every other byte passes unchanged.
/// </summary>
internal static class RefusalTranslation
{
    public static ConnectionDelegate Wrap(ConnectionDelegate next, IReadOnlyList<IRefusalRenderer> renderers) => async connection =>
    {
        var renderer = connection.LocalEndPoint is IPEndPoint local ? renderers.FirstOrDefault(r => r.Port == local.Port) : null;
        if (renderer is not null)
        {
            var state = new ConnectionRequestState();
            state.Attach(connection.Items);
            var transport = connection.Transport;
            connection.Transport = new DuplexPipe(new HeadObservingReader(transport.Input, state), new RefusalRewritingWriter(transport.Output, state, renderer));
            try
            {
                await next(connection).ConfigureAwait(false);
            }
            finally
            {
                connection.Transport = transport;
            }
            return;
        }
        await next(connection).ConfigureAwait(false);
    };

    private sealed class DuplexPipe(PipeReader input, PipeWriter output) : IDuplexPipe
    {
        public PipeReader Input { get; } = input;
        public PipeWriter Output { get; } = output;
    }
}
