using System.Globalization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Transporter.Core.Configuration;

public static class TransporterOptionsServiceCollectionExtensions
{
    /// <summary>
    /// Binds <see cref="TransporterOptions"/> from the "Transporter" section, validates it now (a bad setting throws
    /// <see cref="OptionsValidationException"/> naming each variable, before anything uses a value) and again at host
    /// start (ValidateOnStart), and warns at start about TRANSPORTER_* variables that set nothing. Returns the settings
    /// for the composition code that needs them (roles, listen URLs).
    /// </summary>
    public static TransporterOptions AddTransporterOptions(this IServiceCollection services, IConfiguration configuration)
    {
        var section = configuration.GetSection(TransporterOptions.Section);
        var problems = NumberProblems(section);
        if (problems.Count > 0) throw new OptionsValidationException(TransporterOptions.Section, typeof(TransporterOptions), problems);
        var options = section.Get<TransporterOptions>() ?? new TransporterOptions();
        problems = TransporterOptionsValidator.Problems(options);
        if (problems.Count > 0) throw new OptionsValidationException(TransporterOptions.Section, typeof(TransporterOptions), problems);

        services.AddOptions<TransporterOptions>().Bind(section).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<TransporterOptions>, TransporterOptionsValidator>());
        services.AddHostedService<UnknownVariablesWarning>();
        return options;
    }

    /// <summary>Numbers that do not parse, named by their variable (the binder would name the configuration key).</summary>
    private static IReadOnlyList<string> NumberProblems(IConfigurationSection section)
    {
        var errors = new List<string>();
        foreach (var (variable, property) in TransporterVariables.All)
        {
            if (property.PropertyType != typeof(int) || section[property.Name] is not { } text) continue;
            if (!int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _))
                errors.Add($"{variable} must be a whole number, got '{text}'");
        }
        return errors;
    }
}
