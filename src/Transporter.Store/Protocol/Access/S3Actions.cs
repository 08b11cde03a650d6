using Transporter.Store.Protocol.Routing;

namespace Transporter.Store.Protocol.Access;

/// <summary>
/// What each operation needs: its IAM action (as bucket policies name it), whether its resource is the object or the
/// bucket, and the ACL permission that can grant it (on the object's ACL for reads of an object and its ACL, on the
/// bucket's otherwise); null when no ACL grant can (only the owner or a policy).
/// </summary>
internal static class S3Actions
{
    public sealed record Need(string Action, bool OnObject, string? AclPermission, bool UsesObjectAcl);

    public static Need For(S3Operation operation, bool versioned) => operation switch
    {
        S3Operation.ListBuckets => new("s3:ListAllMyBuckets", false, null, false),
        S3Operation.CreateBucket => new("s3:CreateBucket", false, null, false),
        S3Operation.DeleteBucket => new("s3:DeleteBucket", false, null, false),
        S3Operation.HeadBucket or S3Operation.ListObjects or S3Operation.ListObjectsV2 => new("s3:ListBucket", false, "READ", false),
        S3Operation.ListObjectVersions => new("s3:ListBucketVersions", false, "READ", false),
        S3Operation.ListMultipartUploads => new("s3:ListBucketMultipartUploads", false, "READ", false),
        S3Operation.GetBucketLocation => new("s3:GetBucketLocation", false, null, false),
        S3Operation.GetBucketVersioning => new("s3:GetBucketVersioning", false, null, false),
        S3Operation.PutBucketVersioning => new("s3:PutBucketVersioning", false, null, false),
        S3Operation.GetObject or S3Operation.HeadObject => new(versioned ? "s3:GetObjectVersion" : "s3:GetObject", true, "READ", true),
        S3Operation.PutObject or S3Operation.CopyObject or S3Operation.CreateMultipartUpload or S3Operation.UploadPart
            or S3Operation.UploadPartCopy or S3Operation.CompleteMultipartUpload => new("s3:PutObject", true, "WRITE", false),
        S3Operation.DeleteObject => new(versioned ? "s3:DeleteObjectVersion" : "s3:DeleteObject", true, "WRITE", false),
        S3Operation.DeleteObjects => new("s3:DeleteObject", false, "WRITE", false),
        S3Operation.AbortMultipartUpload => new("s3:AbortMultipartUpload", true, "WRITE", false),
        S3Operation.ListParts => new("s3:ListMultipartUploadParts", true, "READ", false),
        S3Operation.GetObjectTagging => new(versioned ? "s3:GetObjectVersionTagging" : "s3:GetObjectTagging", true, null, false),
        S3Operation.PutObjectTagging => new(versioned ? "s3:PutObjectVersionTagging" : "s3:PutObjectTagging", true, null, false),
        S3Operation.DeleteObjectTagging => new(versioned ? "s3:DeleteObjectVersionTagging" : "s3:DeleteObjectTagging", true, null, false),
        S3Operation.GetBucketAcl => new("s3:GetBucketAcl", false, "READ_ACP", false),
        S3Operation.PutBucketAcl => new("s3:PutBucketAcl", false, "WRITE_ACP", false),
        S3Operation.GetObjectAcl => new(versioned ? "s3:GetObjectVersionAcl" : "s3:GetObjectAcl", true, "READ_ACP", true),
        S3Operation.PutObjectAcl => new(versioned ? "s3:PutObjectVersionAcl" : "s3:PutObjectAcl", true, "WRITE_ACP", true),
        S3Operation.GetBucketPolicy => new("s3:GetBucketPolicy", false, null, false),
        S3Operation.PutBucketPolicy => new("s3:PutBucketPolicy", false, null, false),
        S3Operation.DeleteBucketPolicy => new("s3:DeleteBucketPolicy", false, null, false),
        S3Operation.GetBucketPolicyStatus => new("s3:GetBucketPolicyStatus", false, null, false),
        S3Operation.GetBucketOwnershipControls => new("s3:GetBucketOwnershipControls", false, null, false),
        S3Operation.PutBucketOwnershipControls or S3Operation.DeleteBucketOwnershipControls => new("s3:PutBucketOwnershipControls", false, null, false),
        S3Operation.GetPublicAccessBlock => new("s3:GetBucketPublicAccessBlock", false, null, false),
        S3Operation.PutPublicAccessBlock or S3Operation.DeletePublicAccessBlock => new("s3:PutBucketPublicAccessBlock", false, null, false),
        S3Operation.GetBucketEncryption => new("s3:GetEncryptionConfiguration", false, null, false),
        S3Operation.PutBucketEncryption or S3Operation.DeleteBucketEncryption => new("s3:PutEncryptionConfiguration", false, null, false),
        S3Operation.GetBucketLifecycle => new("s3:GetLifecycleConfiguration", false, null, false),
        S3Operation.PutBucketLifecycle or S3Operation.DeleteBucketLifecycle => new("s3:PutLifecycleConfiguration", false, null, false),
        S3Operation.RsBucketInfo => new("s3:GetBucketInfo", false, null, false),
        S3Operation.RsPresign => new(versioned ? "s3:GetObjectVersion" : "s3:GetObject", true, null, false),
        S3Operation.GetBucketLogging => new("s3:GetBucketLogging", false, null, false),
        S3Operation.PutBucketLogging => new("s3:PutBucketLogging", false, null, false),
        S3Operation.GetBucketTagging => new("s3:GetBucketTagging", false, null, false),
        S3Operation.PutBucketTagging or S3Operation.DeleteBucketTagging => new("s3:PutBucketTagging", false, null, false),
        S3Operation.GetBucketWebsite => new("s3:GetBucketWebsite", false, null, false),
        S3Operation.PutBucketWebsite => new("s3:PutBucketWebsite", false, null, false),
        S3Operation.DeleteBucketWebsite => new("s3:DeleteBucketWebsite", false, null, false),
        S3Operation.GetBucketCors => new("s3:GetBucketCORS", false, null, false),
        S3Operation.PutBucketCors or S3Operation.DeleteBucketCors => new("s3:PutBucketCORS", false, null, false),
        S3Operation.GetObjectLockConfiguration => new("s3:GetBucketObjectLockConfiguration", false, null, false),
        S3Operation.PutObjectLockConfiguration => new("s3:PutBucketObjectLockConfiguration", false, null, false),
        S3Operation.GetObjectRetention => new("s3:GetObjectRetention", true, null, false),
        S3Operation.PutObjectRetention => new("s3:PutObjectRetention", true, null, false),
        S3Operation.GetObjectLegalHold => new("s3:GetObjectLegalHold", true, null, false),
        S3Operation.PutObjectLegalHold => new("s3:PutObjectLegalHold", true, null, false),
        _ => new("s3:" + operation, false, null, false),
    };
}
