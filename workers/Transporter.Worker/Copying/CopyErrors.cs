using System.Net.Sockets;
using Transporter.Core.Storage;

namespace Transporter.Worker.Copying;

/// <summary>Turns whatever a copy step threw into an <see cref="ObjectStoreException"/>, and one into report text.</summary>
internal static class CopyErrors
{
    /// <summary>
    /// Providers throw <see cref="ObjectStoreException"/>; anything else escaped one (a stream's network error, a
    /// timeout's cancellation) and is named as transient when it is a network failure, or by its type otherwise.
    /// </summary>
    public static ObjectStoreException ToStoreError(Exception e) => e switch
    {
        ObjectStoreException store => store,
        CopyFailure failure => failure.Error,
        OperationCanceledException or TimeoutException => new(ObjectStoreErrorKind.Transient, "Timeout", e.Message, e),
        IOException or HttpRequestException or SocketException => new(ObjectStoreErrorKind.Transient, "NetworkError", e.Message, e),
        _ => new(ObjectStoreErrorKind.Other, e.GetType().Name, e.Message, e),
    };

    /// <summary>
    /// The report's error text: the provider's code and message. Integrity failures always say IntegrityMismatch,
    /// whatever the provider calls them (BadDigest, Md5Mismatch, ...), so they can be found in reports.
    /// </summary>
    public static string Text(ObjectStoreException e) =>
        e.Kind == ObjectStoreErrorKind.IntegrityMismatch && e.ProviderCode != IntegrityMismatch ? $"{IntegrityMismatch}: {e.Details}" : e.Details;

    public const string IntegrityMismatch = nameof(ObjectStoreErrorKind.IntegrityMismatch);

    public static ObjectStoreException Integrity(string message) => new(ObjectStoreErrorKind.IntegrityMismatch, IntegrityMismatch, message);
}
