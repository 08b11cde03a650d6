using System.IO.Pipelines;
using System.Net;
using Microsoft.AspNetCore.Connections;

namespace Transporter.Store.Protocol.Connections;

/// <summary>
/// Kestrel connection middleware for the S3 port: Kestrel answers requests it cannot accept (headers over its limit,
/// a request line too long, %00 in the path, a missing Content-Length...) itself, with an empty body, before any
/// application code runs, and offers no hook for that answer. This layer sits between Kestrel and the socket and gives
/// those answers S3's error XML (<see cref="RefusalRewritingWriter"/>); every other byte passes unchanged.
/// </summary>
internal static class RefusalTranslation
{
    public static ConnectionDelegate Wrap(ConnectionDelegate next, int s3Port) => async connection =>
    {
        if (connection.LocalEndPoint is IPEndPoint local && local.Port == s3Port)
        {
            var state = new ConnectionRequestState();
            state.Attach(connection.Items);
            var transport = connection.Transport;
            connection.Transport = new DuplexPipe(new HeadObservingReader(transport.Input, state), new RefusalRewritingWriter(transport.Output, state));
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
