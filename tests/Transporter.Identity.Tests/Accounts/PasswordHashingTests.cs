using Transporter.Identity.Accounts;

namespace Transporter.Identity.Tests.Accounts;

/// <summary>PBKDF2 password hashes: salted, verifiable, never the password; and the spec's password rule.</summary>
public class PasswordHashingTests
{
    [Fact]
    public void Hashes_are_salted_pbkdf2_and_verify_only_the_same_password()
    {
        var first = PasswordHashing.Hash("Correct-Horse-9");
        var second = PasswordHashing.Hash("Correct-Horse-9");
        Assert.StartsWith($"pbkdf2-sha512${PasswordHashing.Iterations}$", first);
        Assert.DoesNotContain("Correct-Horse-9", first);
        Assert.NotEqual(first, second);
        Assert.True(PasswordHashing.Verify("Correct-Horse-9", first));
        Assert.True(PasswordHashing.Verify("Correct-Horse-9", second));
        Assert.False(PasswordHashing.Verify("Correct-Horse-8", first));
        Assert.False(PasswordHashing.Verify("Correct-Horse-9", "md5$1$x$y"));
    }

    [Theory]
    [InlineData("Short1a", false)]
    [InlineData("alllowercase1", false)]
    [InlineData("ALLUPPERCASE1", false)]
    [InlineData("NoDigitsHere", false)]
    [InlineData("Password01", true)]
    public void The_spec_password_rule_needs_ten_characters_with_digits_lower_and_upper_case(string password, bool accepted) =>
        Assert.Equal(accepted, PasswordHashing.Weakness(password) is null);
}
