namespace Transporter.Store.Tests.Iam;

/// <summary>Python preludes for boto3 scripts against the store's IAM and STS endpoints (after <see cref="Peers.Boto3"/>'s own).</summary>
internal static class IamClients
{
    /// <summary><c>iam</c> and <c>sts</c> clients of the root key, <c>other_iam</c> of the second root, <c>signed(service, form)</c>
    /// (a form POST signed by botocore for "iam" or "sts", answering [status, body]) and <c>xml_code(text)</c>.</summary>
    public const string Prelude = """
        import urllib.parse
        def iam_client(ak=AK, sk=SK, token=None, service='iam', validate=True):
            return boto3.client(service, endpoint_url=ENDPOINT, aws_access_key_id=ak, aws_secret_access_key=sk, aws_session_token=token,
                region_name='us-east-1', config=Config(retries={'max_attempts': 1}, parameter_validation=validate))
        iam = iam_client()
        sts = iam_client(service='sts')
        def s3_client(ak, sk, token=None):
            return boto3.client('s3', endpoint_url=ENDPOINT, aws_access_key_id=ak, aws_secret_access_key=sk, aws_session_token=token,
                region_name='us-east-1', config=Config(s3={'addressing_style': 'path'}, retries={'max_attempts': 1}))
        def signed(service, form, ak=AK, sk=SK):
            body = urllib.parse.urlencode(form).encode()
            request = AWSRequest(method='POST', url=ENDPOINT + '/', data=body,
                headers={'Content-Type': 'application/x-www-form-urlencoded; charset=utf-8'})
            botocore.auth.SigV4Auth(Credentials(ak, sk), service, 'us-east-1').add_auth(request)
            prepared = request.prepare()
            r = requests.post(prepared.url, headers=dict(prepared.headers), data=body)
            return [r.status_code, r.text]
        def xml_code(text):
            match = re.search(r'<Code>([^<]*)</Code>', text)
            return match.group(1) if match else None

        """;
}
