using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Transporter.Core.Configuration;

namespace Transporter.Identity.Accounts;

/// <summary>
/// Makes sure the platform can be signed into before its ports serve: with TRANSPORTER_ROOT_ACCESS_KEY/SECRET_KEY the
/// first root's root user owns that key (its secret updated when the variable changed); without them and with no root
/// yet, a key is generated and printed once to the console. Runs in StartingAsync, ahead of every StartAsync (Kestrel's).
/// </summary>
public sealed class IdentityBootstrap(IdentityDatabase database, RootStore roots, UserStore users, AccessKeyStore keys,
    IOptions<TransporterOptions> options, ILogger<IdentityBootstrap> logger)
    : IHostedLifecycleService
{
    /// <summary>The user name of a root user the bootstrap creates.</summary>
    public const string RootUserName = "root";

    public async Task StartingAsync(CancellationToken cancellationToken)
    {
        await database.InitializeAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await EnsureAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (IdentityException e) when (e.Kind == IdentityErrorKind.Conflict)
        {
            // Another replica bootstrapped at the same moment; its result is what this one would have made.
            await EnsureAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task EnsureAsync(CancellationToken ct)
    {
        var settings = options.Value;
        var rootName = string.IsNullOrWhiteSpace(settings.RootName) ? TransporterOptions.DefaultRootName : settings.RootName!;
        if (!string.IsNullOrWhiteSpace(settings.RootAccessKey) && !string.IsNullOrWhiteSpace(settings.RootSecretKey))
        {
            await EnsureConfiguredKeyAsync(rootName, settings.RootAccessKey!, settings.RootSecretKey!, ct).ConfigureAwait(false);
            return;
        }
        if ((await roots.ListRootsAsync(ct).ConfigureAwait(false)).Count > 0) return;

        var created = await roots.CreateRootAsync(rootName, RootUserName, ct: ct).ConfigureAwait(false);
        logger.LogInformation("Created root {Root} with a generated access key {AccessKeyId}", rootName, created.AccessKey.AccessKeyId);
        // Console, not the logger: the secret must never reach log files or collectors, and it is shown only this once.
        await Console.Out.WriteLineAsync($"""

            Transporter generated the first root's access key (shown only now; set TRANSPORTER_ROOT_ACCESS_KEY and
            TRANSPORTER_ROOT_SECRET_KEY to choose your own):
              root:       {rootName} (user {RootUserName})
              access key: {created.AccessKey.AccessKeyId}
              secret key: {created.AccessKey.SecretAccessKey}
              API:        {settings.ApiUrl}
              S3:         {settings.S3Url}

            """).ConfigureAwait(false);
        await Console.Out.FlushAsync(ct).ConfigureAwait(false);
    }

    private async Task EnsureConfiguredKeyAsync(string rootName, string accessKeyId, string secretKey, CancellationToken ct)
    {
        var key = await keys.GetAccessKeyAsync(accessKeyId, ct).ConfigureAwait(false);
        if (key is not null)
        {
            var owner = await users.GetUserAsync(key.Root, key.UserName, ct).ConfigureAwait(false);
            if (key.Root != rootName || owner is not { IsRoot: true })
                throw new InvalidOperationException(
                    $"TRANSPORTER_ROOT_ACCESS_KEY {accessKeyId} belongs to user '{key.UserName}' of root '{key.Root}', not to the root user of '{rootName}'.");
            var current = await keys.LoadCredentialAsync(accessKeyId, ct).ConfigureAwait(false);
            if (current is not null && current.SecretKey != secretKey)
            {
                await keys.SetSecretAsync(accessKeyId, secretKey, ct).ConfigureAwait(false);
                logger.LogInformation("Updated the secret of root key {AccessKeyId} from TRANSPORTER_ROOT_SECRET_KEY", accessKeyId);
            }
            return;
        }
        var root = await roots.GetRootAsync(rootName, ct).ConfigureAwait(false);
        if (root is null)
        {
            await roots.CreateRootAsync(rootName, RootUserName, accessKeyId, secretKey, ct).ConfigureAwait(false);
            logger.LogInformation("Created root {Root} owning access key {AccessKeyId}", rootName, accessKeyId);
            return;
        }
        await keys.CreateAccessKeyAsync(rootName, root.RootUserName, accessKeyId, secretKey, ct).ConfigureAwait(false);
        logger.LogInformation("Gave root user {User} of {Root} the access key {AccessKeyId}", root.RootUserName, rootName, accessKeyId);
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
