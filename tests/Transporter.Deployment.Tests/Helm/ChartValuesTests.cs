using System.Text.Json;

namespace Transporter.Deployment.Tests.Helm;

/// <summary>Chart.yaml and values.yaml carry what the templates and operators need.</summary>
public sealed class ChartValuesTests
{
    [Fact]
    public async Task ChartYaml_IsAHelm3ApplicationChart()
    {
        var chart = await Yaml.ParseFileAsync(Path.Combine(Chart.Dir, "Chart.yaml"));
        Assert.Equal("v2", chart.Text("apiVersion"));
        Assert.Equal("transporter", chart.Text("name"));
        Assert.Equal("application", chart.Text("type"));
        Assert.Matches(@"^\d+\.\d+\.\d+$", chart.Text("version"));
        Assert.False(string.IsNullOrWhiteSpace(chart.Text("appVersion")));
        Assert.False(string.IsNullOrWhiteSpace(chart.Text("description")));
    }

    [Fact]
    public async Task Values_NameBothImages()
    {
        var values = await Chart.ValuesAsync();
        Assert.Equal("transporter/api", values.Text("image", "api", "repository"));
        Assert.Equal("transporter/worker", values.Text("image", "worker", "repository"));
        Assert.True(values.Has("image", "api", "tag"));
        Assert.True(values.Has("image", "worker", "tag"));
    }

    [Fact]
    public async Task Values_ScaleWorkers_ByCountOrByCpu()
    {
        var worker = (await Chart.ValuesAsync()).At("worker");
        Assert.Equal(3, worker.At("replicas").GetInt32());
        Assert.Equal(JsonValueKind.False, worker.At("autoscaling", "enabled").ValueKind);
        var min = worker.At("autoscaling", "minReplicas").GetInt32();
        var max = worker.At("autoscaling", "maxReplicas").GetInt32();
        Assert.InRange(min, 1, max);
        Assert.InRange(worker.At("autoscaling", "targetCPUUtilizationPercentage").GetInt32(), 1, 100);
    }

    [Fact]
    public async Task Values_KeepTheStoreOnAPersistentVolume()
    {
        var store = (await Chart.ValuesAsync()).At("store");
        Assert.Equal(JsonValueKind.True, store.At("enabled").ValueKind);
        Assert.Matches(@"^\d+[GMT]i$", store.Text("persistence", "size"));
        Assert.Contains("ReadWriteOnce", store.At("persistence", "accessModes").EnumerateArray().Select(m => m.GetString()));
    }

    [Theory]
    [InlineData("externalPostgresql", 5432)]
    [InlineData("externalRabbitmq", 5672)]
    public async Task Values_DescribeExternalServices_WithPasswordOrExistingSecret(string service, int port)
    {
        var external = (await Chart.ValuesAsync()).At(service);
        Assert.Equal(port, external.At("port").GetInt32());
        foreach (var key in new[] { "host", "user", "password", "existingSecret", "existingSecretPasswordKey" })
            Assert.True(external.Has(key), $"{service}.{key} missing");
        // Nothing secret is committed: the operator supplies it.
        Assert.Equal("", external.Text("password"));
    }

    [Fact]
    public async Task Values_HoldSecretsEmpty_OrNameAnExistingSecret()
    {
        var secrets = (await Chart.ValuesAsync()).At("secrets");
        foreach (var key in new[] { "existingSecret", "rootAccessKey", "rootSecretKey", "masterKey", "adminToken", "smtpUrl" })
            Assert.Equal("", secrets.Text(key));
    }

    [Fact]
    public async Task Values_RunEveryPodAsANonRootUser_WithProbesOnHealth()
    {
        var values = await Chart.ValuesAsync();
        Assert.Equal(JsonValueKind.True, values.At("podSecurityContext", "runAsNonRoot").ValueKind);
        Assert.NotEqual(0, values.At("podSecurityContext", "runAsUser").GetInt32());
        Assert.Equal(JsonValueKind.False, values.At("securityContext", "allowPrivilegeEscalation").ValueKind);
        foreach (var (component, port) in new[] { ("api", "http"), ("store", "s3"), ("worker", "health") })
        foreach (var probe in new[] { "readinessProbe", "livenessProbe" })
        {
            Assert.Equal("/health", values.Text(component, probe, "httpGet", "path"));
            Assert.Equal(port, values.Text(component, probe, "httpGet", "port"));
        }
        foreach (var component in new[] { "api", "worker", "store" })
            Assert.True(values.Has(component, "resources", "requests", "cpu"), $"{component} has no CPU request (the HPA needs one)");
    }
}
