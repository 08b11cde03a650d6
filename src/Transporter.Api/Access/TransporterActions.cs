namespace Transporter.Api.Access;

/// <summary>
/// The policy action names of the Transporter API and the GUI (the store's are the s3:* names). Every API endpoint
/// and every GUI action that changes something names one (<see cref="RequiredAction"/>); docs/iam.md lists them with
/// their endpoints and resources.
/// </summary>
public static class TransporterActions
{
    public const string Prefix = "transporter:";

    public const string CreateMigration = Prefix + "CreateMigration";
    public const string ListMigrations = Prefix + "ListMigrations";
    public const string GetMigration = Prefix + "GetMigration";
    public const string PauseMigration = Prefix + "PauseMigration";
    public const string ResumeMigration = Prefix + "ResumeMigration";
    public const string AbortMigration = Prefix + "AbortMigration";
    public const string RetryMigration = Prefix + "RetryMigration";
    public const string SetBandwidth = Prefix + "SetBandwidth";
    public const string SetSchedule = Prefix + "SetSchedule";
    public const string DeleteSchedule = Prefix + "DeleteSchedule";
    public const string GetStats = Prefix + "GetStats";
    public const string GetReports = Prefix + "GetReports";
    public const string PrepareReports = Prefix + "PrepareReports";
    public const string CreatePlan = Prefix + "CreatePlan";
    public const string ListPlans = Prefix + "ListPlans";
    public const string GetPlan = Prefix + "GetPlan";
    public const string AbortPlan = Prefix + "AbortPlan";
    public const string TestStorage = Prefix + "TestStorage";
    public const string ListStorageBuckets = Prefix + "ListStorageBuckets";
    public const string ListSavedBuckets = Prefix + "ListSavedBuckets";
    public const string ChangeSavedBuckets = Prefix + "ChangeSavedBuckets";

    public static readonly IReadOnlyList<string> All =
    [
        CreateMigration, ListMigrations, GetMigration, PauseMigration, ResumeMigration, AbortMigration, RetryMigration, SetBandwidth,
        SetSchedule, DeleteSchedule, GetStats, GetReports, PrepareReports, CreatePlan, ListPlans, GetPlan, AbortPlan, TestStorage,
        ListStorageBuckets, ListSavedBuckets, ChangeSavedBuckets,
    ];
}
