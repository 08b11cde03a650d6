using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Transporter.Worker.Copying;

namespace Transporter.Worker.Tests.Copying;

public sealed class ObjectCopierRegistrationTests
{
    [Fact]
    public void AddObjectCopier_registers_the_copier_with_options_from_configuration()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Transporter:Copier:PartsInFlight"] = "8",
            ["Transporter:Copier:MultipartThreshold"] = "1048576",
        }).Build();
        using var services = new ServiceCollection().AddLogging().AddSingleton<IConfiguration>(configuration).AddObjectCopier().BuildServiceProvider();

        Assert.IsType<ObjectCopier>(services.GetRequiredService<IObjectCopier>());
        var options = services.GetRequiredService<IOptions<ObjectCopierOptions>>().Value;
        Assert.Equal((8, 1048576L, 3), (options.PartsInFlight, options.MultipartThreshold, options.MaxAttempts));
    }

    [Fact]
    public void Invalid_options_are_refused_with_every_problem_named()
    {
        using var services = new ServiceCollection().AddLogging()
            .AddObjectCopier(o => { o.PartsInFlight = 0; o.MaxAttempts = 0; }).BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<ObjectCopierOptions>>().Value);
        Assert.Contains("Transporter:Copier: PartsInFlight must be between 1 and 64", error.Failures);
        Assert.Contains("Transporter:Copier: MaxAttempts must be between 1 and 10", error.Failures);
    }
}
