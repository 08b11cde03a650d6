using Microsoft.Extensions.Options;
using Transporter.Core.Configuration;

namespace Transporter.Api.Gui.Hosting;

/// <summary>Prints where the GUI is once the API listens, so a new user knows which URL to open.</summary>
public sealed class GuiAddress(IHostApplicationLifetime lifetime, IOptions<TransporterOptions> options) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        lifetime.ApplicationStarted.Register(() =>
            Console.WriteLine($"Transporter web GUI: {options.Value.ApiUrl.TrimEnd('/')}/ui/ (sign in with an access key and its secret key)"));
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
