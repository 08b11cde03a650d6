using System.Security.Cryptography;
using Microsoft.AspNetCore.Http;
using Transporter.Store.Engine.Encryption;
using Transporter.Store.Engine.Model;
using Transporter.Store.Protocol.Errors;

namespace Transporter.Store.Protocol.Headers;

/// <summary>Server-side encryption headers: SSE-S3 (x-amz-server-side-encryption: AES256) and SSE-C (the customer
/// key, its algorithm and MD5, also for a copy's source), and the headers that report a version's encryption.</summary>
internal static class EncryptionHeaders
{
    private const string Sse = "x-amz-server-side-encryption";
    private const string CustomerPrefix = "x-amz-server-side-encryption-customer-";
    private const string CopySourcePrefix = "x-amz-copy-source-server-side-encryption-customer-";

    /// <summary>The encryption a write asks for; null when it asks for none.</summary>
    public static EncryptionRequest? ReadRequest(IHeaderDictionary headers)
    {
        var sse = headers[Sse].ToString().Trim();
        var customerKey = ReadCustomerKey(headers, CustomerPrefix);
        if (sse.Length > 0 && customerKey is not null)
            throw new S3Exception("InvalidArgument", "Server Side Encryption with Customer provided key is incompatible with the encryption method specified");
        if (customerKey is not null) return new EncryptionRequest(customerKey);
        return sse switch
        {
            "" => null,
            "AES256" => EncryptionRequest.SseS3,
            "aws:kms" or "aws:kms:dsse" => throw new S3Exception("NotImplemented", "SSE-KMS is not available: this store has no key management service; use AES256."),
            _ => throw new S3Exception("InvalidArgument", "The encryption method specified is not supported"),
        };
    }

    /// <summary>The SSE-C key of a request (or, with <paramref name="copySource"/>, of a copy's source); null without one.</summary>
    public static byte[]? ReadCustomerKey(IHeaderDictionary headers, bool copySource = false) =>
        ReadCustomerKey(headers, copySource ? CopySourcePrefix : CustomerPrefix);

    private static byte[]? ReadCustomerKey(IHeaderDictionary headers, string prefix)
    {
        var algorithm = headers[prefix + "algorithm"].ToString();
        var keyText = headers[prefix + "key"].ToString();
        var md5Text = headers[prefix + "key-MD5"].ToString();
        if (algorithm.Length == 0 && keyText.Length == 0 && md5Text.Length == 0) return null;
        if (algorithm != "AES256")
            throw new S3Exception("InvalidArgument", algorithm.Length == 0
                ? "Requests specifying Server Side Encryption with Customer provided keys must provide a valid encryption algorithm."
                : "The encryption algorithm specified is not supported");
        byte[] key;
        try
        {
            key = Convert.FromBase64String(keyText);
        }
        catch (FormatException)
        {
            throw new S3Exception("InvalidArgument", "The secret key was invalid for the specified algorithm.");
        }
        if (key.Length != 32) throw new S3Exception("InvalidArgument", "The secret key was invalid for the specified algorithm.");
        if (md5Text.Length == 0 || Convert.ToBase64String(MD5.HashData(key)) != md5Text.Trim())
            throw new S3Exception("InvalidArgument", "The calculated MD5 hash of the key did not match the hash that was provided.");
        return key;
    }

    /// <summary>Reports the encryption a write asked for (CreateMultipartUpload answers before any byte is stored).</summary>
    public static void Write(IHeaderDictionary headers, EncryptionRequest? request)
    {
        if (request is null) return;
        if (request.CustomerKey is { } key)
        {
            headers[CustomerPrefix + "algorithm"] = "AES256";
            headers[CustomerPrefix + "key-MD5"] = Convert.ToBase64String(MD5.HashData(key));
        }
        else headers[Sse] = "AES256";
    }

    /// <summary>Reports a version's encryption: x-amz-server-side-encryption, or the SSE-C algorithm and key MD5.</summary>
    public static void Write(IHeaderDictionary headers, string? stored)
    {
        if (ObjectEncryption.Decode(stored) is not { } encryption) return;
        if (encryption.CustomerKeyMd5 is { } md5)
        {
            headers[CustomerPrefix + "algorithm"] = "AES256";
            headers[CustomerPrefix + "key-MD5"] = md5;
        }
        else headers[Sse] = "AES256";
    }
}
