using Transporter.Core.Persistence;

namespace Transporter.Store.Billing;

/// <summary>The usage counters of roots (component "billing"): per minute (kept <see cref="BillingStore.MinuteRetention"/>)
/// for RSLiveBilling, per day (kept <see cref="BillingStore.DayRetention"/>) for RSListBillingData, with the root's used
/// space and object count as last seen that day.</summary>
internal static class BillingSchema
{
    public const string Component = "billing";

    public static readonly SchemaStep[] Steps =
    [
        new(1, _ => """
            CREATE TABLE IF NOT EXISTS billing_minutes (
                root_name TEXT NOT NULL,
                minute BIGINT NOT NULL,
                upload_bytes BIGINT NOT NULL,
                upload_objects BIGINT NOT NULL,
                download_bytes BIGINT NOT NULL,
                delete_bytes BIGINT NOT NULL,
                delete_objects BIGINT NOT NULL,
                PRIMARY KEY (root_name, minute)
            );
            CREATE TABLE IF NOT EXISTS billing_days (
                root_name TEXT NOT NULL,
                day BIGINT NOT NULL,
                upload_bytes BIGINT NOT NULL,
                download_bytes BIGINT NOT NULL,
                delete_bytes BIGINT NOT NULL,
                used_space BIGINT NOT NULL,
                object_count BIGINT NOT NULL,
                PRIMARY KEY (root_name, day)
            );
            """),
    ];
}
