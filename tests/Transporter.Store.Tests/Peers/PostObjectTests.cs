using System.Text.Json;
using Microsoft.Playwright;

namespace Transporter.Store.Tests.Peers;

/// <summary>
/// POST Object from HTML forms: boto3's generate_presigned_post (SigV4 and SigV2) posted with requests, every policy
/// refusal, anonymous posts to public and private buckets, and a real form submitted by headless Chromium.
/// </summary>
[Collection(StoreCollection.Name)]
public class PostObjectTests(StoreFixture store)
{
    private readonly Boto3 _boto3 = new(store);

    [Fact]
    public async Task Presigned_posts_upload_with_fields_and_every_policy_violation_is_refused()
    {
        var r = await _boto3.JsonAsync("""
            b = sys.argv[1]
            s3.create_bucket(Bucket=b)
            def post(presigned, data=b'file content', name='report.txt', **extra):
                fields = dict(presigned['fields'])
                fields.update(extra)
                response = requests.post(presigned['url'], data=fields, files={'file': (name, data, 'text/plain')})
                return response
            conditions = [['starts-with', '$key', 'uploads/'], ['content-length-range', 1, 100], {'success_action_status': '201'},
                          ['starts-with', '$x-amz-meta-owner', ''], ['starts-with', '$Content-Type', 'text/'], {'tagging': '<Tagging><TagSet><Tag><Key>src</Key><Value>form</Value></Tag></TagSet></Tagging>'}]
            fields = {'success_action_status': '201', 'x-amz-meta-owner': 'alice', 'Content-Type': 'text/plain',
                      'tagging': '<Tagging><TagSet><Tag><Key>src</Key><Value>form</Value></Tag></TagSet></Tagging>'}
            v4 = client(signature_version='s3v4')
            presigned = v4.generate_presigned_post(b, 'uploads/${filename}', Fields=fields, Conditions=conditions, ExpiresIn=300)
            ok = post(presigned)
            results = {'created': [ok.status_code, re.search('<Key>([^<]*)</Key>', ok.text).group(1), 'PostResponse' in ok.text]}
            head = s3.head_object(Bucket=b, Key='uploads/report.txt')
            results['stored'] = [head['Metadata'], head['ContentType'], s3.get_object_tagging(Bucket=b, Key='uploads/report.txt')['TagSet'],
                                 s3.get_object(Bucket=b, Key='uploads/report.txt')['Body'].read().decode()]
            results['tooBig'] = [post(presigned, data=b'x' * 101).status_code, code(post(presigned, data=b'x' * 101))]
            results['tooSmall'] = code(post(presigned, data=b''))
            results['extraField'] = code(post(presigned, **{'x-amz-meta-extra': 'x'}))
            results['wrongPrefix'] = code(post(presigned, key='elsewhere/file.txt'))
            tampered = dict(presigned)
            tampered['fields'] = dict(presigned['fields'], **{'x-amz-signature': '0' * 64})
            results['tampered'] = code(post(tampered))
            expired = v4.generate_presigned_post(b, 'x', ExpiresIn=-10)
            results['expired'] = code(post(expired))
            redirect = v4.generate_presigned_post(b, 'redirected.txt', Fields={'success_action_redirect': 'http://example.com/done'},
                Conditions=[{'success_action_redirect': 'http://example.com/done'}])
            moved = requests.post(redirect['url'], data=redirect['fields'], files={'file': ('r.txt', b'r')}, allow_redirects=False)
            results['redirect'] = [moved.status_code, moved.headers['Location'].startswith('http://example.com/done?bucket=' + b + '&key=redirected.txt&etag=')]
            plain = v4.generate_presigned_post(b, 'plain.txt')
            results['defaultStatus'] = post(plain).status_code
            v2 = client(signature_version='s3').generate_presigned_post(b, 'v2.txt')
            results['sigv4Fields'] = sorted(k for k in plain['fields'] if k != 'key')
            results['sigv2'] = [sorted(k for k in v2['fields'] if k != 'key'), post(v2).status_code]
            results['anonymousPrivate'] = code(requests.post(ENDPOINT + '/' + b, data={'key': 'anon.txt'}, files={'file': ('a', b'a')}))
            results['notMultipart'] = code(requests.post(ENDPOINT + '/' + b, data='key=x'))
            results['noFile'] = code(requests.post(ENDPOINT + '/' + b, files={'key': (None, 'x')}))
            s3.put_bucket_acl(Bucket=b, ACL='public-read-write')
            results['anonymousPublic'] = requests.post(ENDPOINT + '/' + b, data={'key': 'anon.txt'}, files={'file': ('a', b'anonymous')}).status_code
            results['keys'] = sorted(o['Key'] for o in s3.list_objects_v2(Bucket=b)['Contents'])
            out(results)
            """, StoreFixture.NewBucketName("post"));

        Assert.Equal("[201,\"uploads/report.txt\",true]", JsonSerializer.Serialize(r.GetProperty("created")));
        Assert.Equal("[{\"owner\":\"alice\"},\"text/plain\",[{\"Key\":\"src\",\"Value\":\"form\"}],\"file content\"]", JsonSerializer.Serialize(r.GetProperty("stored")));
        Assert.Equal("[400,\"EntityTooLarge\"]", JsonSerializer.Serialize(r.GetProperty("tooBig")));
        Assert.Equal("EntityTooSmall", r.GetProperty("tooSmall").GetString());
        Assert.Equal("AccessDenied", r.GetProperty("extraField").GetString());
        Assert.Equal("AccessDenied", r.GetProperty("wrongPrefix").GetString());
        Assert.Equal("SignatureDoesNotMatch", r.GetProperty("tampered").GetString());
        Assert.Equal("AccessDenied", r.GetProperty("expired").GetString());
        Assert.Equal("[303,true]", JsonSerializer.Serialize(r.GetProperty("redirect")));
        Assert.Equal(204, r.GetProperty("defaultStatus").GetInt32());
        Assert.Equal("[[\"AWSAccessKeyId\",\"policy\",\"signature\"],204]", JsonSerializer.Serialize(r.GetProperty("sigv2")));
        Assert.Equal("[\"policy\",\"x-amz-algorithm\",\"x-amz-credential\",\"x-amz-date\",\"x-amz-signature\"]", JsonSerializer.Serialize(r.GetProperty("sigv4Fields")));
        Assert.Equal("AccessDenied", r.GetProperty("anonymousPrivate").GetString());
        Assert.Equal("RequestIsNotMultiPartContent", r.GetProperty("notMultipart").GetString());
        Assert.Equal("IncorrectNumberOfFilesInPostRequest", r.GetProperty("noFile").GetString());
        Assert.Equal(204, r.GetProperty("anonymousPublic").GetInt32());
        Assert.Equal("[\"anon.txt\",\"plain.txt\",\"redirected.txt\",\"uploads/report.txt\",\"v2.txt\"]", JsonSerializer.Serialize(r.GetProperty("keys")));
    }

    [Fact]
    public async Task Headless_chromium_uploads_a_file_through_an_html_form()
    {
        var bucket = StoreFixture.NewBucketName("form");
        var presigned = await _boto3.JsonAsync("""
            b = sys.argv[1]
            s3.create_bucket(Bucket=b)
            out(client(signature_version='s3v4').generate_presigned_post(b, 'browser/${filename}', Fields={'success_action_status': '201', 'x-amz-meta-via': 'chromium'},
                Conditions=[{'success_action_status': '201'}, {'x-amz-meta-via': 'chromium'}, ['content-length-range', 1, 1048576]]))
            """, bucket);
        var inputs = string.Concat(presigned.GetProperty("fields").EnumerateObject()
            .Select(f => $"<input type=\"hidden\" name=\"{System.Net.WebUtility.HtmlEncode(f.Name)}\" value=\"{System.Net.WebUtility.HtmlEncode(f.Value.GetString())}\">"));
        var html = $"""
            <html><body><form id="upload" action="{presigned.GetProperty("url").GetString()}" method="post" enctype="multipart/form-data">
            {inputs}<input type="file" name="file" id="file"><button type="submit" id="send">Upload</button></form></body></html>
            """;
        var file = Path.Combine(Transporter.Testing.RepoPaths.NewTempDir("form-upload"), "photo.txt");
        await File.WriteAllTextAsync(file, "uploaded by a browser");

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = "/usr/bin/chromium",
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
        var page = await browser.NewPageAsync();
        await page.SetContentAsync(html);
        await page.SetInputFilesAsync("#file", file);
        var response = await page.RunAndWaitForResponseAsync(() => page.ClickAsync("#send"), r => r.Request.Method == "POST");
        Assert.Equal(201, response.Status);
        await page.WaitForLoadStateAsync(LoadState.DOMContentLoaded);
        Assert.Contains("browser/photo.txt", await page.ContentAsync());

        var stored = await _boto3.JsonAsync("""
            o = s3.get_object(Bucket=sys.argv[1], Key='browser/photo.txt')
            out([o['Body'].read().decode(), o['Metadata']])
            """, bucket);
        Assert.Equal("[\"uploaded by a browser\",{\"via\":\"chromium\"}]", JsonSerializer.Serialize(stored));
    }
}
