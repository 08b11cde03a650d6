namespace Transporter.Identity.Customers;

/// <summary>The services a customer's access can be switched for (RSSetCustomerServiceAccessLevel), by the name of the
/// signature's service: "s3" is the store (the spec's "space"), "transporter" the migration API and GUI, "iam" the IAM and
/// STS endpoints.</summary>
public static class CustomerServices
{
    public const string Store = "s3";
    public const string Transporter = "transporter";
    public const string Iam = "iam";

    /// <summary>The service a name given to RSSetCustomerServiceAccessLevel means; null when it is none of them.</summary>
    public static string? Parse(string name) => name.ToLowerInvariant() switch
    {
        "s3" or "space" => Store,
        "transporter" => Transporter,
        "iam" => Iam,
        _ => null,
    };

    /// <summary>The service whose switch governs a request signed for <paramref name="signatureService"/>.</summary>
    public static string Of(string signatureService) => signatureService == "sts" ? Iam : signatureService;
}
