namespace Transporter.Core.Configuration;

/// <summary>
/// Every setting of the platform, bound from the "Transporter" configuration section and validated at start-up by
/// <see cref="TransporterOptionsValidator"/>. Each property can also be set through an environment variable named
/// TRANSPORTER_ + the property in upper snake case (DataDir = TRANSPORTER_DATA_DIR); the environment wins over
/// appsettings. docs/configuration.md lists them all. Split by area: this file (platform), .Engine.cs (listers and
/// workers), .Store.cs (built-in S3 store), .Reports.cs.
/// </summary>
public sealed partial class TransporterOptions
{
    public const string Section = "Transporter";

    /// <summary>Where SQLite files, object data, keys and reports live.</summary>
    public string DataDir { get; set; } = "./data";

    /// <summary>Listen URL of the migration API and GUI.</summary>
    public string ApiUrl { get; set; } = "http://127.0.0.1:8080";

    /// <summary>Listen URL of the built-in S3 store.</summary>
    public string S3Url { get; set; } = "http://127.0.0.1:9000";

    /// <summary>The first root user's access key; generated and printed once when unset.</summary>
    public string? RootAccessKey { get; set; }

    public string? RootSecretKey { get; set; }

    /// <summary>Name of the first root (tenant) that owns <see cref="RootAccessKey"/>; "default" when unset.</summary>
    public string? RootName { get; set; }

    public const string DefaultRootName = "default";

    /// <summary>Base of links in emails; defaults to <see cref="ApiUrl"/>.</summary>
    public string? PublicUrl { get; set; }

    /// <summary>smtp://user:pass@host:587 (STARTTLS when the server offers it); email is off when unset.</summary>
    public string? SmtpUrl { get; set; }

    public string? MailFrom { get; set; }

    /// <summary>Bearer token of the store's admin API; the admin API is off when unset.</summary>
    public string? AdminToken { get; set; }

    /// <summary>Which parts this process runs: any of api, store, worker (comma separated).</summary>
    public string Roles { get; set; } = "api,store,worker";

    /// <summary>PostgreSQL connection string (Host=..;Username=..). Empty: SQLite files in the data dir.</summary>
    public string? DatabaseUrl { get; set; }

    /// <summary>amqp://user:pass@host:5672/vhost for RabbitMQ. Empty: MassTransit's in-memory transport.</summary>
    public string? BrokerUrl { get; set; }

    /// <summary>Base64 32-byte key that encrypts secrets at rest. Empty: generated once into the data dir.
    /// Every process of a distributed deployment needs the same key.</summary>
    public string? MasterKey { get; set; }

    /// <summary>Region the built-in store reports and signs with.</summary>
    public string Region { get; set; } = "us-east-1";

    /// <summary>The worker executable's GET /health listen URL (http://0.0.0.0:8081); no health endpoint when unset.</summary>
    public string? WorkerHealthUrl { get; set; }

    public string EffectivePublicUrl => string.IsNullOrWhiteSpace(PublicUrl) ? ApiUrl : PublicUrl!;

    public bool HasRole(string role) =>
        Roles.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
             .Contains(role, StringComparer.OrdinalIgnoreCase);

    public string DataPath(params string[] parts) => Path.Combine([Path.GetFullPath(DataDir), .. parts]);
}
