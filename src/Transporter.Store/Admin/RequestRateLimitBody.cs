using System.Text.Json.Serialization;

namespace Transporter.Store.Admin;

/// <summary>PUT/GET /admin/v1/buckets/{bucket}/request-rate-limit: requests per second past which the bucket answers
/// 503 SlowDown; null or 0 is no limit.</summary>
public sealed record RequestRateLimitBody([property: JsonPropertyName("requestsPerSecond")] int? RequestsPerSecond);
