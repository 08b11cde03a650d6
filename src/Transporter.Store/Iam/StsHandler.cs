using System.Globalization;
using Transporter.Identity.Accounts;

namespace Transporter.Store.Iam;

/// <summary>
/// The STS actions (version 2011-06-15) on the store's listener: AssumeRole hands the calling user temporary keys with
/// a session token (there are no role entities: RoleArn and RoleSessionName are required and only named in the
/// answer), valid DurationSeconds (900 by default, up to 43200), narrowed by an optional session Policy;
/// GetCallerIdentity says who signed.
/// </summary>
internal sealed class StsHandler(SessionStore sessionStore, int minDurationSeconds)
{
    public const string Version = "2011-06-15";
    public const int MaxDurationSeconds = 43200;

    /// <summary>AWS's limit on a session policy (its packed size is reported as a percentage of it).</summary>
    public const int MaxSessionPolicyLength = 2048;

    private const string Service = "sts";

    public Task<IamReply> HandleAsync(IamRequest request) => request.Action switch
    {
        "AssumeRole" => AssumeRoleAsync(request),
        "GetCallerIdentity" => Task.FromResult(GetCallerIdentity(request)),
        var other => throw new IamException(400, "InvalidAction", $"Could not find operation {other} for version {Version}"),
    };

    private async Task<IamReply> AssumeRoleAsync(IamRequest request)
    {
        var roleArn = request.Required("RoleArn");
        var sessionName = request.Required("RoleSessionName");
        if (sessionName.Length is < 2 or > 64 || sessionName.Any(c => !(char.IsAsciiLetterOrDigit(c) || c is '+' or '=' or ',' or '.' or '@' or '_' or '-')))
            throw IamException.Validation("RoleSessionName must be 2 to 64 characters of letters, digits and +=,.@_-");
        var duration = 900;
        if (request.Optional("DurationSeconds") is { } text
            && (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out duration) || duration < minDurationSeconds || duration > MaxDurationSeconds))
            throw IamException.Validation($"DurationSeconds must be between {minDurationSeconds} and {MaxDurationSeconds}.");
        var policy = request.Optional("Policy");
        if (policy is { Length: > MaxSessionPolicyLength })
            throw new IamException(400, "PackedPolicyTooLarge", $"The session policy exceeds {MaxSessionPolicyLength} characters.");
        // Temporary keys cannot mint more temporary keys: a session's expiry and policy would have to carry over.
        if (request.Caller.IsSession)
            throw IamException.AccessDenied("Temporary credentials cannot call AssumeRole; sign with an access key of the user.");
        var session = await sessionStore.CreateSessionAsync(request.Root.Name, request.Caller.UserName, TimeSpan.FromSeconds(duration), policy,
            request.Http.RequestAborted).ConfigureAwait(false);
        var roleName = roleArn[(roleArn.LastIndexOf('/') + 1)..];
        var reply = IamReply.WithResult(request, Service);
        reply.Xml.Open("Credentials")
            .Element("SessionToken", session.SessionToken)
            .Element("SecretAccessKey", session.SecretAccessKey)
            .Element("Expiration", session.Expiration)
            .Element("AccessKeyId", session.AccessKeyId)
            .Close()
            .Open("AssumedRoleUser")
            .Element("Arn", $"arn:aws:sts::{request.Root.Id}:assumed-role/{roleName}/{sessionName}")
            .Element("AssumedRoleId", $"{session.AccessKeyId}:{sessionName}")
            .Close()
            .Element("PackedPolicySize", policy is null ? 0 : policy.Length * 100 / MaxSessionPolicyLength);
        return reply;
    }

    private static IamReply GetCallerIdentity(IamRequest request)
    {
        var reply = IamReply.WithResult(request, Service);
        reply.Xml.Element("Arn", request.UserArn(request.Caller.UserName))
            .Element("UserId", request.Caller.AccessKey)
            .Element("Account", request.Root.Id);
        return reply;
    }
}
