using Transporter.Identity.Signatures;

namespace Transporter.Identity.Tests;

/// <summary>Identity is shared by the store, the API and the GUI, so it depends on Core only and on no HTTP stack:
/// each surface hands it a <see cref="SignedRequest"/>.</summary>
public class ProjectBoundaryTests
{
    [Fact]
    public void Identity_references_Core_and_neither_ASP_NET_nor_another_Transporter_project()
    {
        var references = typeof(SignedRequest).Assembly.GetReferencedAssemblies().Select(a => a.Name!).ToList();

        Assert.Contains("Transporter.Core", references);
        Assert.DoesNotContain(references, name => name.StartsWith("Microsoft.AspNetCore", StringComparison.Ordinal));
        Assert.DoesNotContain(references, name => name.StartsWith("Transporter.", StringComparison.Ordinal) && name != "Transporter.Core");
    }
}
