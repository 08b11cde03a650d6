using System.Text.RegularExpressions;

namespace Transporter.Deployment.Tests.Helm;

/// <summary>The chart's templates, checked without Helm: structure, balanced blocks and the values they refer to.</summary>
public sealed class ChartTemplateTests
{
    public static TheoryData<string> Templates() => new(Chart.ManifestTemplates());

    public static TheoryData<string> AllTemplateFiles() =>
        new(Directory.GetFiles(Chart.TemplatesDir).Select(f => Path.GetFileName(f)).Order());

    [Theory]
    [MemberData(nameof(Templates))]
    public async Task Template_IsOneKubernetesManifest_WithStandardLabels(string template)
    {
        var manifest = await Chart.SkeletonAsync(template);

        Assert.False(string.IsNullOrEmpty(manifest.Text("apiVersion")));
        Assert.False(string.IsNullOrEmpty(manifest.Text("kind")));
        Assert.True(manifest.Has("metadata", "name"));
        Assert.Matches(@"include ""transporter\.(labels|componentLabels)""", Chart.Template(template));
    }

    [Theory]
    [MemberData(nameof(AllTemplateFiles))]
    public void Template_ClosesEveryBlock(string template)
    {
        var text = Chart.Template(template);
        Assert.Equal(Chart.BlockOpenings(text), Chart.BlockEnds(text));
    }

    [Theory]
    [MemberData(nameof(AllTemplateFiles))]
    public async Task Template_RefersOnlyToValuesThatExist(string template)
    {
        var values = await Chart.ValuesAsync();
        var paths = Chart.ValuesPaths(Chart.Template(template)).ToList();
        foreach (var path in paths)
            Assert.True(values.Has(path), $"{template} refers to .Values.{string.Join('.', path)}, which values.yaml lacks");
    }

    [Theory]
    [MemberData(nameof(AllTemplateFiles))]
    public void Template_IncludesOnlyDefinedHelpers(string template)
    {
        var defined = Chart.Defines(Chart.Template("_helpers.tpl")).ToHashSet();
        foreach (var name in Chart.Includes(Chart.Template(template)))
            Assert.True(defined.Contains(name), $"{template} includes \"{name}\", which _helpers.tpl does not define");
    }

    [Fact]
    public void Chart_RendersTheWorkloadsAndTheirServices()
    {
        var kinds = Chart.ManifestTemplates()
            .Select(t => Regex.Match(Chart.WithoutActions(Chart.Template(t)), @"(?m)^kind: (\w+)").Groups[1].Value)
            .GroupBy(k => k).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(2, kinds["Deployment"]);
        Assert.Equal(1, kinds["StatefulSet"]);
        Assert.Equal(3, kinds["Service"]);
        Assert.Equal(1, kinds["ConfigMap"]);
        Assert.Equal(1, kinds["Secret"]);
        Assert.Equal(1, kinds["HorizontalPodAutoscaler"]);
    }

    [Theory]
    [InlineData("api-deployment.yaml", "api", "api")]
    [InlineData("worker-deployment.yaml", "worker", "worker")]
    [InlineData("store-statefulset.yaml", "store", "api")]
    public async Task Workload_RunsItsRole_AsNonRoot_WithResourcesAndProbes(string template, string role, string image)
    {
        var text = Chart.Template(template);
        var container = (await Chart.SkeletonAsync(template)).At("spec", "template", "spec", "containers")[0];

        var env = container.At("env").EnumerateArray().ToDictionary(e => e.Text("name"), e => e);
        Assert.Equal(role, env["TRANSPORTER_ROLES"].Text("value"));
        Assert.Contains($"include \"transporter.{image}Image\"", text);
        Assert.Contains("include \"transporter.secretEnv\"", text);
        Assert.Contains("include \"transporter.configName\"", text);
        Assert.Contains(".Values.podSecurityContext", text);
        Assert.Contains(".Values.securityContext", text);
        Assert.Contains($".Values.{role}.resources", text);
        Assert.Contains($".Values.{role}.livenessProbe", text);
        Assert.Contains(container.At("volumeMounts").EnumerateArray(), m => m.Text("mountPath") == "/data");
        Assert.Contains($".Values.{role}.readinessProbe", text);
        // The probes in values.yaml name the port by this name.
        var portName = role switch { "api" => "http", "store" => "s3", _ => "health" };
        Assert.Equal(portName, container.At("ports")[0].Text("name"));
        // The worker executable serves its health on the port it is given.
        if (role == "worker")
        {
            Assert.True(env.ContainsKey("TRANSPORTER_WORKER_HEALTH_URL"));
            Assert.Matches(@"name: TRANSPORTER_WORKER_HEALTH_URL\s*\n\s*value: \{\{ printf ""http://0\.0\.0\.0:%v"" \.Values\.worker\.healthPort", text);
            Assert.Contains("containerPort: {{ .Values.worker.healthPort }}", text);
        }
    }

    [Fact]
    public void WorkerReplicas_AreLeftToTheAutoscaler_WhenItIsOn()
    {
        Assert.Matches(@"\{\{-? if not \.Values\.worker\.autoscaling\.enabled \}\}\s*\n\s*replicas: \{\{ \.Values\.worker\.replicas \}\}\s*\n\s*\{\{-? end \}\}",
            Chart.Template("worker-deployment.yaml"));
        Assert.StartsWith("{{- if .Values.worker.autoscaling.enabled }}", Chart.Template("worker-hpa.yaml"));
    }

    [Fact]
    public async Task WorkerAutoscaler_TargetsTheWorkerDeployment_OnCpu()
    {
        var hpa = await Chart.SkeletonAsync("worker-hpa.yaml");
        var deployment = await Chart.SkeletonAsync("worker-deployment.yaml");

        Assert.Equal("autoscaling/v2", hpa.Text("apiVersion"));
        Assert.Equal("Deployment", hpa.Text("spec", "scaleTargetRef", "kind"));
        Assert.Equal(deployment.Text("metadata", "name"), hpa.Text("spec", "scaleTargetRef", "name"));
        var metric = hpa.At("spec", "metrics")[0];
        Assert.Equal("cpu", metric.Text("resource", "name"));
        Assert.Equal("Utilization", metric.Text("resource", "target", "type"));
    }

    [Fact]
    public async Task Store_IsAStatefulSet_WithAClaimTemplate_AndAHeadlessService()
    {
        var store = await Chart.SkeletonAsync("store-statefulset.yaml");
        var headless = await Chart.SkeletonAsync("store-headless-service.yaml");
        var service = await Chart.SkeletonAsync("store-service.yaml");

        Assert.Equal("None", headless.Text("spec", "clusterIP"));
        Assert.Equal(headless.Text("metadata", "name"), store.Text("spec", "serviceName"));
        Assert.Equal(1, store.At("spec", "replicas").GetInt32());
        var claim = store.At("spec", "volumeClaimTemplates")[0];
        var mount = store.At("spec", "template", "spec", "containers")[0].At("volumeMounts").EnumerateArray().Single(m => m.Text("mountPath") == "/data");
        Assert.Equal(claim.Text("metadata", "name"), mount.Text("name"));
        Assert.Contains(".Values.store.persistence.size", Chart.Template("store-statefulset.yaml"));
        Assert.Equal("s3", service.At("spec", "ports")[0].Text("targetPort"));
        Assert.Equal("s3", headless.At("spec", "ports")[0].Text("targetPort"));
    }

    [Fact]
    public async Task Secret_HoldsEveryKeyTheWorkloadsRead()
    {
        var secret = await Chart.SkeletonAsync("secret.yaml");
        var keys = secret.At("data").Keys().ToHashSet();
        var read = Regex.Matches(Chart.Template("_helpers.tpl"), @"(?m)^\s+key: ([a-z-]+)\s*$").Select(m => m.Groups[1].Value).ToHashSet();

        Assert.Superset(new HashSet<string> { "root-access-key", "root-secret-key", "master-key", "database-url", "broker-url" }, keys);
        Assert.Subset(keys, read);
        Assert.StartsWith("{{- if not .Values.secrets.existingSecret }}", Chart.Template("secret.yaml"));
        Assert.Contains("required \"secrets.masterKey is required", Chart.Template("secret.yaml"));
    }

    [Fact]
    public async Task ConfigMap_HoldsOnlyNonSecretSettings()
    {
        var config = await Chart.SkeletonAsync("configmap.yaml");
        var names = config.At("data").Keys().Where(k => k != "x").ToList();   // "x": the extraEnv range line

        Assert.All(names, n => Assert.StartsWith("TRANSPORTER_", n));
        Assert.All(names, n => Assert.False(EnvFileSecretName(n), $"{n} is secret and belongs in the Secret"));
        Assert.Contains("TRANSPORTER_DATA_DIR", names);
        Assert.Contains("TRANSPORTER_PUBLIC_URL", names);
        Assert.DoesNotContain(names, n => n is "TRANSPORTER_DATABASE_URL" or "TRANSPORTER_BROKER_URL" or "TRANSPORTER_SMTP_URL");
    }

    private static bool EnvFileSecretName(string name) => Compose.EnvFile.IsSecretName(name);
}
