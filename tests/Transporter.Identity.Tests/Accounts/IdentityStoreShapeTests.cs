using System.Reflection;
using Transporter.Identity.Accounts;

namespace Transporter.Identity.Tests.Accounts;

/// <summary>Issue 13's "no repository class above ~12 public methods", held for the identity stores: every class built
/// over <see cref="IdentityDatabase"/> stays a focused family, not a second all-in-one store.</summary>
public class IdentityStoreShapeTests
{
    private const int MaxPublicMethods = 12;

    [Fact]
    public void Every_store_over_the_identity_database_has_at_most_twelve_public_methods()
    {
        var stores = typeof(IdentityDatabase).Assembly.GetExportedTypes()
            .Where(t => t.GetConstructors().Any(c => c.GetParameters().Any(p => p.ParameterType == typeof(IdentityDatabase))))
            .ToList();

        Assert.True(stores.Count >= 9, $"Expected the nine identity stores, found {string.Join(", ", stores.Select(t => t.Name))}.");
        foreach (var store in stores)
        {
            var methods = store.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly)
                .Where(m => !m.IsSpecialName).Select(m => m.Name).ToList();
            Assert.True(methods.Count <= MaxPublicMethods, $"{store.Name} has {methods.Count} public methods: {string.Join(", ", methods)}.");
        }
    }
}
