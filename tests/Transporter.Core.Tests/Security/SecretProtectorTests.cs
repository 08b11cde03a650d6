using System.Security.Cryptography;
using Transporter.Core.Security;

namespace Transporter.Core.Tests.Security;

public class SecretProtectorTests
{
    [Fact]
    public void Round_trips_and_never_leaks_the_plaintext()
    {
        var protector = new SecretProtector(RandomNumberGenerator.GetBytes(32));
        var sealed1 = protector.Protect("my-secret-key");
        var sealed2 = protector.Protect("my-secret-key");

        Assert.Equal("my-secret-key", protector.Unprotect(sealed1));
        Assert.DoesNotContain("my-secret", sealed1);
        Assert.NotEqual(sealed1, sealed2); // fresh nonce each time
    }

    [Fact]
    public void Refuses_tampered_text_and_a_different_key()
    {
        var protector = new SecretProtector(RandomNumberGenerator.GetBytes(32));
        var bytes = Convert.FromBase64String(protector.Protect("value"));
        bytes[^1] ^= 1;

        Assert.ThrowsAny<CryptographicException>(() => protector.Unprotect(Convert.ToBase64String(bytes)));
        Assert.ThrowsAny<CryptographicException>(() => new SecretProtector(RandomNumberGenerator.GetBytes(32)).Unprotect(protector.Protect("value")));
    }

    [Fact]
    public void Key_file_is_created_once_and_reused()
    {
        var file = Path.Combine(Path.GetTempPath(), "tp-key-" + Guid.NewGuid().ToString("N"), "master.key");
        var first = SecretProtector.FromKeyOrFile(null, file);
        var second = SecretProtector.FromKeyOrFile(null, file);

        Assert.Equal("x", second.Unprotect(first.Protect("x")));
        if (!OperatingSystem.IsWindows()) Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));
    }
}
