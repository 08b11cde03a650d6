namespace Transporter.Gui.Tests;

[CollectionDefinition(Name)]
public sealed class GuiCollection : ICollectionFixture<GuiPlatform>
{
    public const string Name = "gui";
}
