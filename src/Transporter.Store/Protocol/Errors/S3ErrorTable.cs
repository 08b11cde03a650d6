namespace Transporter.Store.Protocol.Errors;

/// <summary>The one table from S3 error code to HTTP status and default message (AWS's documented values).</summary>
public static class S3ErrorTable
{
    public sealed record Entry(int Status, string Message);

    private static readonly Dictionary<string, Entry> Entries = new(StringComparer.Ordinal)
    {
        ["AccessDenied"] = new(403, "Access Denied"),
        ["AccessControlListNotSupported"] = new(400, "The bucket does not allow ACLs"),
        ["AccessForbidden"] = new(403, "CORSResponse: This CORS request is not allowed."),
        ["AuthorizationHeaderMalformed"] = new(400, "The authorization header is malformed."),
        ["AuthorizationQueryParametersError"] = new(400, "Error parsing the X-Amz-Credential parameter."),
        ["BadRequest"] = new(400, "Bad Request"),
        ["BadDigest"] = new(400, "The Content-MD5 you specified did not match what we received."),
        ["BucketAlreadyExists"] = new(409, "The requested bucket name is not available. The bucket namespace is shared by all users of the system. Please select a different name and try again."),
        ["BucketAlreadyOwnedByYou"] = new(409, "Your previous request to create the named bucket succeeded and you already own it."),
        ["BucketNotEmpty"] = new(409, "The bucket you tried to delete is not empty."),
        ["EntityTooLarge"] = new(400, "Your proposed upload exceeds the maximum allowed object size."),
        ["EntityTooSmall"] = new(400, "Your proposed upload is smaller than the minimum allowed object size."),
        ["ExpiredToken"] = new(400, "The provided token has expired."),
        ["IncompleteBody"] = new(400, "You did not provide the number of bytes specified by the Content-Length HTTP header."),
        ["IncorrectNumberOfFilesInPostRequest"] = new(400, "POST requires exactly one file upload per request."),
        ["InternalError"] = new(500, "We encountered an internal error. Please try again."),
        ["InvalidAccessKeyId"] = new(403, "The AWS Access Key Id you provided does not exist in our records."),
        ["InvalidArgument"] = new(400, "Invalid Argument"),
        ["InvalidBucketAclWithObjectOwnership"] = new(400, "Bucket cannot have ACLs set with ObjectOwnership's BucketOwnerEnforced setting"),
        ["InvalidBucketState"] = new(409, "The request is not valid with the current state of the bucket."),
        ["InvalidBucketName"] = new(400, "The specified bucket is not valid."),
        ["InvalidDigest"] = new(400, "The Content-MD5 you specified is not valid."),
        ["InvalidPolicyDocument"] = new(400, "The content of the form does not meet the conditions specified in the policy document."),
        ["InvalidPart"] = new(400, "One or more of the specified parts could not be found. The part may not have been uploaded, or the specified entity tag may not match the part's entity tag."),
        ["InvalidPartNumber"] = new(416, "The requested partnumber is not satisfiable"),
        ["InvalidPartOrder"] = new(400, "The list of parts was not in ascending order. Parts must be ordered by part number."),
        ["InvalidRange"] = new(416, "The requested range is not satisfiable"),
        ["InvalidRequest"] = new(400, "Invalid Request"),
        ["InvalidURI"] = new(400, "Couldn't parse the specified URI."),
        ["InvalidStorageClass"] = new(400, "The storage class you specified is not valid"),
        ["InvalidTag"] = new(400, "The tag provided was not a valid tag."),
        ["KeyTooLongError"] = new(400, "Your key is too long"),
        ["MalformedACLError"] = new(400, "The XML you provided was not well-formed or did not validate against our published schema."),
        ["MalformedPolicy"] = new(400, "Policies must be valid JSON and the first byte must be '{'"),
        ["MalformedPOSTRequest"] = new(400, "The body of your POST request is not well-formed multipart/form-data."),
        ["MaxPostPreDataLengthExceededError"] = new(400, "Your POST request fields preceding the upload file were too large."),
        ["MalformedTrailerError"] = new(400, "The request contained trailing data that was not well-formed or did not conform to our published schema."),
        ["MalformedXML"] = new(400, "The XML you provided was not well-formed or did not validate against our published schema."),
        ["MetadataTooLarge"] = new(400, "Your metadata headers exceed the maximum allowed metadata size."),
        ["MethodNotAllowed"] = new(405, "The specified method is not allowed against this resource."),
        ["MissingContentLength"] = new(411, "You must provide the Content-Length HTTP header."),
        ["MissingSecurityHeader"] = new(400, "Your request is missing a required header."),
        ["NoSuchBucket"] = new(404, "The specified bucket does not exist"),
        ["NoSuchBucketPolicy"] = new(404, "The bucket policy does not exist"),
        ["NoSuchObjectLockConfiguration"] = new(404, "The specified object does not have a ObjectLock configuration"),
        ["NoSuchCORSConfiguration"] = new(404, "The CORS configuration does not exist"),
        ["NoSuchLifecycleConfiguration"] = new(404, "The lifecycle configuration does not exist"),
        ["NoSuchKey"] = new(404, "The specified key does not exist."),
        ["NoSuchPublicAccessBlockConfiguration"] = new(404, "The public access block configuration was not found"),
        ["NoSuchTagSet"] = new(404, "The TagSet does not exist"),
        ["NoSuchVersion"] = new(404, "The specified version does not exist."),
        ["NoSuchUpload"] = new(404, "The specified multipart upload does not exist. The upload ID might be invalid, or the multipart upload might have been aborted or completed."),
        ["NotImplemented"] = new(501, "A header you provided implies functionality that is not implemented."),
        ["ObjectLockConfigurationNotFoundError"] = new(404, "Object Lock configuration does not exist for this bucket"),
        ["OwnershipControlsNotFoundError"] = new(404, "The bucket ownership controls were not found"),
        ["PreconditionFailed"] = new(412, "At least one of the preconditions you specified did not hold."),
        ["RequestIsNotMultiPartContent"] = new(400, "Bucket POST must be of the enclosure-type multipart/form-data."),
        ["RequestHeaderSectionTooLarge"] = new(400, "Your request header section exceeds the maximum allowed size."),
        ["RequestTimeout"] = new(400, "Your socket connection to the server was not read from or written to within the timeout period."),
        ["RequestTimeTooSkewed"] = new(403, "The difference between the request time and the server's time is too large."),
        ["SignatureDoesNotMatch"] = new(403, "The request signature we calculated does not match the signature you provided. Check your key and signing method."),
        ["UnexpectedContent"] = new(400, "This request does not support content"),
        ["UnresolvableGrantByEmailAddress"] = new(400, "The email address you provided does not match any account on record."),
        ["XAmzContentSHA256Mismatch"] = new(400, "The provided 'x-amz-content-sha256' header does not match what was computed."),
    };

    public static Entry Lookup(string code) => Entries.TryGetValue(code, out var entry) ? entry : new Entry(500, code);

    public static bool IsKnown(string code) => Entries.ContainsKey(code);
}
