namespace Transporter.Api.SavedBuckets;

/// <summary>The fields of POST /add-mod-del-bucket, from a form (as the text sends them) or a JSON object. Null: the
/// field was not sent (modify leaves it as it is); empty: sent empty (cleared).</summary>
public sealed record SavedBucketForm(
    string? Op, string? BucketName, string? Cloud, string? Endpoint, string? Region, string? SharedSecret,
    string? AccessKeyId, string? SecretAccessKey, string? AccessRole, string? AccessRoleExt);
