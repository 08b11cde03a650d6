using Microsoft.AspNetCore.Http;

namespace Transporter.Store.Protocol.Routing;

/// <summary>
/// Maps method + resource + sub-resource query parameters to one S3 operation. Known sub-resources this store does
/// not implement answer NotImplemented rather than falling through to a wrong operation; unknown query parameters
/// (such as the x-id that SDKs add) are ignored, as S3 does.
/// </summary>
internal static class OperationRouter
{
    private static readonly string[] UnsupportedBucketSubresources =
    [
        "replication", "notification",
        "accelerate", "requestPayment", "analytics", "inventory",
        "metrics", "intelligent-tiering", "metadataTable",
    ];

    private static readonly string[] UnsupportedObjectSubresources =
        ["torrent", "restore", "select", "attributes", "renameObject"];

    public static S3Operation Route(HttpRequest request, S3Target target)
    {
        if (target.Bucket is null)
        {
            if (request.Method != HttpMethods.Get) return S3Operation.MethodNotAllowed;
            return request.Query.ContainsKey("rs-bucket-stats") ? S3Operation.RsBucketStats : S3Operation.ListBuckets;
        }
        // Lyve's speed tests (the spec spells the header X-Lyve-Speedteest; both spellings are taken).
        if (target.Bucket == "speedtest" && (request.Headers.ContainsKey("X-Lyve-Speedteest") || request.Headers.ContainsKey("X-Lyve-Speedtest")))
        {
            if (target.Key == "download" && HttpMethods.IsGet(request.Method)) return S3Operation.SpeedTestDownload;
            if (target.Key == "upload" && HttpMethods.IsPut(request.Method)) return S3Operation.SpeedTestUpload;
        }
        return target.HasKey
            ? RouteObject(request.Method, request.Query, request.Headers.ContainsKey("x-amz-copy-source"))
            : RouteBucket(request.Method, request.Query);
    }

    private static S3Operation RouteBucket(string method, IQueryCollection query)
    {
        switch (method)
        {
            case "GET":
                if (query.ContainsKey("location")) return S3Operation.GetBucketLocation;
                if (query.ContainsKey("versioning")) return S3Operation.GetBucketVersioning;
                if (query.ContainsKey("uploads")) return S3Operation.ListMultipartUploads;
                if (query.ContainsKey("versions")) return S3Operation.ListObjectVersions;
                if (query.ContainsKey("object-lock")) return S3Operation.GetObjectLockConfiguration;
                if (query.ContainsKey("cors")) return S3Operation.GetBucketCors;
                if (query.ContainsKey("lifecycle")) return S3Operation.GetBucketLifecycle;
                if (query.ContainsKey("encryption")) return S3Operation.GetBucketEncryption;
                if (query.ContainsKey("rs-info")) return S3Operation.RsBucketInfo;
                if (query.ContainsKey("tagging")) return S3Operation.GetBucketTagging;
                if (query.ContainsKey("website")) return S3Operation.GetBucketWebsite;
                if (query.ContainsKey("logging")) return S3Operation.GetBucketLogging;
                if (query.ContainsKey("acl")) return S3Operation.GetBucketAcl;
                if (query.ContainsKey("policy")) return S3Operation.GetBucketPolicy;
                if (query.ContainsKey("policyStatus")) return S3Operation.GetBucketPolicyStatus;
                if (query.ContainsKey("ownershipControls")) return S3Operation.GetBucketOwnershipControls;
                if (query.ContainsKey("publicAccessBlock")) return S3Operation.GetPublicAccessBlock;
                if (HasAny(query, UnsupportedBucketSubresources)) return S3Operation.NotImplemented;
                return query["list-type"] == "2" ? S3Operation.ListObjectsV2 : S3Operation.ListObjects;
            case "PUT":
                if (query.ContainsKey("versioning")) return S3Operation.PutBucketVersioning;
                if (query.ContainsKey("object-lock")) return S3Operation.PutObjectLockConfiguration;
                if (query.ContainsKey("cors")) return S3Operation.PutBucketCors;
                if (query.ContainsKey("lifecycle")) return S3Operation.PutBucketLifecycle;
                if (query.ContainsKey("encryption")) return S3Operation.PutBucketEncryption;
                if (query.ContainsKey("tagging")) return S3Operation.PutBucketTagging;
                if (query.ContainsKey("website")) return S3Operation.PutBucketWebsite;
                if (query.ContainsKey("logging")) return S3Operation.PutBucketLogging;
                if (query.ContainsKey("acl")) return S3Operation.PutBucketAcl;
                if (query.ContainsKey("policy")) return S3Operation.PutBucketPolicy;
                if (query.ContainsKey("ownershipControls")) return S3Operation.PutBucketOwnershipControls;
                if (query.ContainsKey("publicAccessBlock")) return S3Operation.PutPublicAccessBlock;
                if (HasAny(query, UnsupportedBucketSubresources)) return S3Operation.NotImplemented;
                return S3Operation.CreateBucket;
            case "DELETE":
                if (query.ContainsKey("cors")) return S3Operation.DeleteBucketCors;
                if (query.ContainsKey("lifecycle")) return S3Operation.DeleteBucketLifecycle;
                if (query.ContainsKey("encryption")) return S3Operation.DeleteBucketEncryption;
                if (query.ContainsKey("tagging")) return S3Operation.DeleteBucketTagging;
                if (query.ContainsKey("website")) return S3Operation.DeleteBucketWebsite;
                if (query.ContainsKey("policy")) return S3Operation.DeleteBucketPolicy;
                if (query.ContainsKey("ownershipControls")) return S3Operation.DeleteBucketOwnershipControls;
                if (query.ContainsKey("publicAccessBlock")) return S3Operation.DeletePublicAccessBlock;
                if (HasAny(query, UnsupportedBucketSubresources)) return S3Operation.NotImplemented;
                return S3Operation.DeleteBucket;
            case "HEAD":
                return S3Operation.HeadBucket;
            case "POST":
                if (query.ContainsKey("delete")) return S3Operation.DeleteObjects;
                return HasAny(query, UnsupportedBucketSubresources) ? S3Operation.NotImplemented : S3Operation.PostObject;
            default:
                return S3Operation.MethodNotAllowed;
        }
    }

    private static S3Operation RouteObject(string method, IQueryCollection query, bool copySource)
    {
        if (HasAny(query, UnsupportedObjectSubresources)) return S3Operation.NotImplemented;
        var uploadId = query.ContainsKey("uploadId");
        var tagging = query.ContainsKey("tagging");
        switch (method)
        {
            case "PUT":
                if (uploadId && query.ContainsKey("partNumber"))
                    return copySource ? S3Operation.UploadPartCopy : S3Operation.UploadPart;
                if (tagging) return S3Operation.PutObjectTagging;
                if (query.ContainsKey("acl")) return S3Operation.PutObjectAcl;
                if (query.ContainsKey("retention")) return S3Operation.PutObjectRetention;
                if (query.ContainsKey("legal-hold")) return S3Operation.PutObjectLegalHold;
                return copySource ? S3Operation.CopyObject : S3Operation.PutObject;
            case "GET":
                if (uploadId) return S3Operation.ListParts;
                if (query.ContainsKey("retention")) return S3Operation.GetObjectRetention;
                if (query.ContainsKey("acl")) return S3Operation.GetObjectAcl;
                if (query.ContainsKey("legal-hold")) return S3Operation.GetObjectLegalHold;
                return tagging ? S3Operation.GetObjectTagging : S3Operation.GetObject;
            case "HEAD":
                return S3Operation.HeadObject;
            case "DELETE":
                if (uploadId) return S3Operation.AbortMultipartUpload;
                return tagging ? S3Operation.DeleteObjectTagging : S3Operation.DeleteObject;
            case "POST":
                if (query.ContainsKey("rs-presign")) return S3Operation.RsPresign;
                if (query.ContainsKey("uploads")) return S3Operation.CreateMultipartUpload;
                if (uploadId) return S3Operation.CompleteMultipartUpload;
                return S3Operation.NotImplemented;
            default:
                return S3Operation.MethodNotAllowed;
        }
    }

    private static bool HasAny(IQueryCollection query, string[] names)
    {
        if (query.Count == 0) return false;
        foreach (var name in names)
            if (query.ContainsKey(name)) return true;
        return false;
    }
}
