using System.Text;
using System.Text.Json;

namespace Transporter.Store.Tests.Peers;

/// <summary>SSE-S3 (request header and bucket default) and SSE-C with boto3 and the AWS CLI: headers reported, bytes
/// encrypted on disk, ranges, copies and multipart uploads, and the refusals (missing or wrong customer key, KMS).</summary>
[Collection(StoreCollection.Name)]
public class EncryptionTests(StoreFixture store)
{
    private readonly Boto3 _boto3 = new(store);
    private readonly AwsCli _aws = new(store);

    [Fact]
    public async Task Sse_s3_and_sse_c_round_trip_and_refuse_missing_or_wrong_keys()
    {
        var bucket = StoreFixture.NewBucketName("sse");
        var r = await _boto3.JsonAsync("""
            b = sys.argv[1]
            s3.create_bucket(Bucket=b)
            body = b'plaintext-canary-' * 4000
            key = os.urandom(32)
            other = os.urandom(32)
            put = s3.put_object(Bucket=b, Key='s3', Body=body, ServerSideEncryption='AES256')
            results = {'putHeader': put.get('ServerSideEncryption'), 'head': s3.head_object(Bucket=b, Key='s3').get('ServerSideEncryption')}
            results['range'] = s3.get_object(Bucket=b, Key='s3', Range='bytes=17-50')['Body'].read().decode()
            c = s3.put_object(Bucket=b, Key='c', Body=body, SSECustomerAlgorithm='AES256', SSECustomerKey=key)
            results['cHeaders'] = [c.get('SSECustomerAlgorithm'), bool(c.get('SSECustomerKeyMD5'))]
            results['cGet'] = s3.get_object(Bucket=b, Key='c', SSECustomerAlgorithm='AES256', SSECustomerKey=key)['Body'].read() == body
            results['cHead'] = s3.head_object(Bucket=b, Key='c', SSECustomerAlgorithm='AES256', SSECustomerKey=key)['ContentLength']
            results['cNoKey'] = error(lambda: s3.get_object(Bucket=b, Key='c'))
            results['cWrongKey'] = error(lambda: s3.get_object(Bucket=b, Key='c', SSECustomerAlgorithm='AES256', SSECustomerKey=other))
            results['cHeadNoKey'] = error(lambda: s3.head_object(Bucket=b, Key='c'))
            s3.copy_object(Bucket=b, Key='copied', CopySource={'Bucket': b, 'Key': 'c'}, CopySourceSSECustomerAlgorithm='AES256',
                CopySourceSSECustomerKey=key, ServerSideEncryption='AES256')
            results['copied'] = [s3.get_object(Bucket=b, Key='copied')['Body'].read() == body, s3.head_object(Bucket=b, Key='copied').get('ServerSideEncryption')]
            results['copyNoKey'] = error(lambda: s3.copy_object(Bucket=b, Key='x', CopySource={'Bucket': b, 'Key': 'c'}))
            u = s3.create_multipart_upload(Bucket=b, Key='mp', SSECustomerAlgorithm='AES256', SSECustomerKey=key)['UploadId']
            parts = [os.urandom(5 * 1024 * 1024), b'tail']
            etags = [s3.upload_part(Bucket=b, Key='mp', UploadId=u, PartNumber=i + 1, Body=p, SSECustomerAlgorithm='AES256', SSECustomerKey=key)['ETag']
                     for i, p in enumerate(parts)]
            results['partNoKey'] = error(lambda: s3.upload_part(Bucket=b, Key='mp', UploadId=u, PartNumber=3, Body=b'x'))
            s3.complete_multipart_upload(Bucket=b, Key='mp', UploadId=u, MultipartUpload={'Parts': [{'PartNumber': i + 1, 'ETag': e} for i, e in enumerate(etags)]})
            results['multipart'] = s3.get_object(Bucket=b, Key='mp', SSECustomerAlgorithm='AES256', SSECustomerKey=key)['Body'].read() == parts[0] + parts[1]
            results['kms'] = error(lambda: s3.put_object(Bucket=b, Key='k', Body=b'x', ServerSideEncryption='aws:kms'))
            results['badMd5'] = code(raw('PUT', '/%s/bad' % b, b'x', {'x-amz-server-side-encryption-customer-algorithm': 'AES256',
                'x-amz-server-side-encryption-customer-key': base64.b64encode(key).decode(), 'x-amz-server-side-encryption-customer-key-MD5': 'AAAAAAAAAAAAAAAAAAAAAA=='}))
            results['noDefault'] = error(lambda: s3.get_bucket_encryption(Bucket=b))
            s3.put_bucket_encryption(Bucket=b, ServerSideEncryptionConfiguration={'Rules': [{'ApplyServerSideEncryptionByDefault': {'SSEAlgorithm': 'AES256'}}]})
            results['default'] = s3.get_bucket_encryption(Bucket=b)['ServerSideEncryptionConfiguration']['Rules'][0]['ApplyServerSideEncryptionByDefault']['SSEAlgorithm']
            s3.put_object(Bucket=b, Key='by-default', Body=body)
            results['byDefault'] = s3.head_object(Bucket=b, Key='by-default').get('ServerSideEncryption')
            s3.delete_bucket_encryption(Bucket=b)
            s3.put_object(Bucket=b, Key='plain', Body=b'plain-canary')
            results['plain'] = s3.head_object(Bucket=b, Key='plain').get('ServerSideEncryption')
            out(results)
            """, bucket);

        Assert.Equal("AES256", r.GetProperty("putHeader").GetString());
        Assert.Equal("AES256", r.GetProperty("head").GetString());
        Assert.Equal("plaintext-canary-plaintext-canary-", r.GetProperty("range").GetString());
        Assert.Equal("[\"AES256\",true]", JsonSerializer.Serialize(r.GetProperty("cHeaders")));
        Assert.True(r.GetProperty("cGet").GetBoolean());
        Assert.Equal(17 * 4000, r.GetProperty("cHead").GetInt32());
        Assert.Equal("InvalidRequest", r.GetProperty("cNoKey").GetString());
        Assert.Equal("AccessDenied", r.GetProperty("cWrongKey").GetString());
        Assert.Equal("400", r.GetProperty("cHeadNoKey").GetString());
        Assert.Equal("[true,\"AES256\"]", JsonSerializer.Serialize(r.GetProperty("copied")));
        Assert.Equal("InvalidRequest", r.GetProperty("copyNoKey").GetString());
        Assert.Equal("InvalidRequest", r.GetProperty("partNoKey").GetString());
        Assert.True(r.GetProperty("multipart").GetBoolean());
        Assert.Equal("NotImplemented", r.GetProperty("kms").GetString());
        Assert.Equal("InvalidArgument", r.GetProperty("badMd5").GetString());
        Assert.Equal("ServerSideEncryptionConfigurationNotFoundError", r.GetProperty("noDefault").GetString());
        Assert.Equal("AES256", r.GetProperty("default").GetString());
        Assert.Equal("AES256", r.GetProperty("byDefault").GetString());
        Assert.Equal(JsonValueKind.Null, r.GetProperty("plain").ValueKind);

        // Nothing the store wrote (data files, and the metadata database with its log, where small objects live) holds
        // the plaintext of an encrypted object; the plain one is there as written.
        var files = Directory.EnumerateFiles(store.StoreDirectory, "*", SearchOption.AllDirectories)
            .Select(f => Encoding.Latin1.GetString(File.ReadAllBytes(f))).ToList();
        Assert.DoesNotContain(files, f => f.Contains("plaintext-canary", StringComparison.Ordinal));
        Assert.Contains(files, f => f.Contains("plain-canary", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_aws_cli_copies_with_sse_and_sse_c()
    {
        var bucket = StoreFixture.NewBucketName("ssecli");
        await _aws.ApiAsync("create-bucket", "--bucket", bucket);
        var dir = Transporter.Testing.RepoPaths.NewTempDir("aws-sse");
        var file = Path.Combine(dir, "f.txt");
        await File.WriteAllTextAsync(file, "cli encrypted content");
        const string key = "0123456789abcdef0123456789abcdef";
        (await _aws.RunAsync("s3", "cp", file, $"s3://{bucket}/sse.txt", "--sse", "AES256")).EnsureSuccess();
        (await _aws.RunAsync("s3", "cp", file, $"s3://{bucket}/ssec.txt", "--sse-c", "AES256", "--sse-c-key", key)).EnsureSuccess();
        Assert.Equal("AES256", (await _aws.ApiAsync("head-object", "--bucket", bucket, "--key", "sse.txt")).GetProperty("ServerSideEncryption").GetString());
        (await _aws.RunAsync("s3", "cp", $"s3://{bucket}/ssec.txt", Path.Combine(dir, "back.txt"), "--sse-c", "AES256", "--sse-c-key", key)).EnsureSuccess();
        Assert.Equal("cli encrypted content", await File.ReadAllTextAsync(Path.Combine(dir, "back.txt")));
        var refused = await _aws.RunAsync("s3", "cp", $"s3://{bucket}/ssec.txt", Path.Combine(dir, "no.txt"));
        Assert.NotEqual(0, refused.ExitCode);
    }
}
