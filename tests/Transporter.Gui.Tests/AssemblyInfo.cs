// One platform and one browser serve every test (GuiCollection); the tests share them one at a time.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
