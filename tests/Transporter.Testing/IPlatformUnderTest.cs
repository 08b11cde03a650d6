namespace Transporter.Testing;

/// <summary>Where a platform under test answers and how to sign in: a separate process (<see cref="PlatformProcess"/>)
/// or one hosted in the test process (Api.Tests' InProcessPlatform).</summary>
public interface IPlatformUnderTest
{
    string DataDir { get; }
    string ApiUrl { get; }
    string S3Url { get; }
    string RootAccessKey { get; }
    string RootSecretKey { get; }
}
