using Transporter.Identity.Policies;

namespace Transporter.Identity.Tests.Policies;

/// <summary>The HTTP-free policy model: parsing refusals, matching, conditions, and Deny over Allow.</summary>
public class PolicyEvaluatorTests
{
    private static PolicyRequest Request(string? account, string action, string resource, Dictionary<string, string[]>? values = null) =>
        new(account, account is null ? null : "user@" + account, action, resource, key => values is not null && values.TryGetValue(key, out var v) ? v : null);

    private static PolicyDecision Decide(string json, PolicyRequest request) =>
        PolicyEvaluator.Evaluate([PolicyDocument.Parse(json, requirePrincipal: true)], request);

    [Fact]
    public void Wildcards_principals_and_deny_over_allow()
    {
        const string policy = """
            {"Version":"2012-10-17","Statement":[
              {"Effect":"Allow","Principal":"*","Action":"s3:Get*","Resource":"arn:aws:s3:::b/pub/*"},
              {"Effect":"Allow","Principal":{"AWS":["arn:aws:iam::acme:user/bob"]},"NotAction":"s3:Delete*","Resource":"arn:aws:s3:::b/*"},
              {"Effect":"Deny","Principal":{"AWS":"*"},"Action":"s3:GetObject","Resource":"arn:aws:s3:::b/pub/secret?.txt"}]}
            """;
        Assert.Equal(PolicyDecision.Allow, Decide(policy, Request(null, "s3:GetObject", "arn:aws:s3:::b/pub/a.txt")));
        Assert.Equal(PolicyDecision.NotApplicable, Decide(policy, Request(null, "s3:PutObject", "arn:aws:s3:::b/pub/a.txt")));
        Assert.Equal(PolicyDecision.Deny, Decide(policy, Request("acme", "s3:GetObject", "arn:aws:s3:::b/pub/secret1.txt")));
        Assert.Equal(PolicyDecision.Allow, Decide(policy, new PolicyRequest("acme", "bob", "s3:PutObject", "arn:aws:s3:::b/x", _ => null)));
        Assert.Equal(PolicyDecision.NotApplicable, Decide(policy, new PolicyRequest("acme", "bob", "s3:DeleteObject", "arn:aws:s3:::b/x", _ => null)));
        Assert.Equal(PolicyDecision.NotApplicable, Decide(policy, new PolicyRequest("other", "bob", "s3:PutObject", "arn:aws:s3:::b/x", _ => null)));
        Assert.True(PolicyDocument.Parse(policy, requirePrincipal: true).IsPublic);
    }

    [Theory]
    [InlineData("IpAddress", "aws:SourceIp", "\"10.0.0.0/8\"", "10.1.2.3", true)]
    [InlineData("IpAddress", "aws:SourceIp", "\"10.0.0.0/8\"", "192.168.1.1", false)]
    [InlineData("NotIpAddress", "aws:SourceIp", "[\"10.0.0.0/8\",\"::1\"]", "::1", false)]
    [InlineData("StringLike", "s3:prefix", "[\"home/${x}*\",\"pub/*\"]", "pub/docs", true)]
    [InlineData("StringEquals", "s3:ExistingObjectTag/class", "\"open\"", "secret", false)]
    [InlineData("NumericLessThanEquals", "s3:max-keys", "\"100\"", "50", true)]
    [InlineData("DateGreaterThan", "aws:CurrentTime", "\"2020-01-01T00:00:00Z\"", "2030-01-01T00:00:00Z", true)]
    [InlineData("Bool", "aws:SecureTransport", "\"false\"", "false", true)]
    [InlineData("StringNotEquals", "s3:x-amz-acl", "\"public-read\"", null, true)]
    [InlineData("StringEqualsIfExists", "s3:x-amz-acl", "\"private\"", null, true)]
    [InlineData("StringEquals", "s3:x-amz-acl", "\"private\"", null, false)]
    [InlineData("Null", "s3:x-amz-acl", "\"true\"", null, true)]
    public void Conditions_follow_iam(string op, string key, string values, string? actual, bool holds)
    {
        var condition = $"{{\"{op}\":{{\"{key}\":{values}}}}}";
        var policy = "{\"Statement\":{\"Effect\":\"Allow\",\"Principal\":\"*\",\"Action\":\"s3:*\",\"Resource\":\"*\",\"Condition\":" + condition + "}}";
        var request = Request("acme", "s3:ListBucket", "arn:aws:s3:::b", actual is null ? null : new() { [key] = [actual] });
        Assert.Equal(holds ? PolicyDecision.Allow : PolicyDecision.NotApplicable, Decide(policy, request));
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("{\"Version\":\"2000-01-01\",\"Statement\":[]}")]
    [InlineData("{\"Statement\":[{\"Effect\":\"Maybe\",\"Principal\":\"*\",\"Action\":\"s3:*\",\"Resource\":\"*\"}]}")]
    [InlineData("{\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"s3:*\",\"Resource\":\"*\"}]}")]
    [InlineData("{\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":\"*\",\"Action\":\"s3:*\",\"NotAction\":\"s3:Get*\",\"Resource\":\"*\"}]}")]
    [InlineData("{\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":\"*\",\"Action\":\"s3:*\",\"Resource\":\"bucket\"}]}")]
    [InlineData("{\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"arn:aws:s3:::x\"},\"Action\":\"s3:*\",\"Resource\":\"*\"}]}")]
    [InlineData("{\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":\"*\",\"Action\":\"s3:*\",\"Resource\":\"*\",\"Condition\":{\"Roughly\":{\"a\":\"b\"}}}]}")]
    public void Documents_iam_refuses_are_refused(string json) =>
        Assert.Throws<PolicyException>(() => PolicyDocument.Parse(json, requirePrincipal: true));
}
