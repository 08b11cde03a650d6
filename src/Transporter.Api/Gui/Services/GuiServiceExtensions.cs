namespace Transporter.Api.Gui.Services;

public static class GuiServiceExtensions
{
    /// <summary>What the GUI's pages call: the same application services as the API endpoints, seen as the signed-in user.</summary>
    public static IServiceCollection AddGuiServices(this IServiceCollection services)
    {
        services.AddSingleton<MigrationActions>();
        services.AddSingleton<BucketCreator>();
        services.AddSingleton<GuiReports>();
        services.AddSingleton<GuiPlans>();
        services.AddSingleton<GuiBuckets>();
        services.AddSingleton<GuiUsers>();
        services.AddSingleton<GuiSavedBuckets>();
        return services;
    }
}
