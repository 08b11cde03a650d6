namespace Transporter.Api.Access;

/// <summary>
/// The resource ARNs of Transporter actions: <c>arn:transporter:::migration/ID</c>, <c>...:plan/ID</c>, and
/// <c>KIND/*</c> for actions on no single one (listing, creating, several at once). Ids that are GUIDs are written in
/// their lower-case "D" form whatever the request spelt, so that a policy naming one matches every spelling.
/// </summary>
public static class TransporterResources
{
    public const string Prefix = "arn:transporter:::";
    public const string Migration = "migration";
    public const string Plan = "plan";
    public const string Storage = "storage";
    public const string SavedBucket = "saved-bucket";

    public static string Of(string kind, string? id) =>
        $"{Prefix}{kind}/{(string.IsNullOrEmpty(id) ? "*" : Guid.TryParse(id, out var guid) ? guid.ToString("D") : id)}";

    public static string OfMigration(Guid id) => Of(Migration, id.ToString("D"));

    public static string AllOf(string kind) => Of(kind, null);
}
