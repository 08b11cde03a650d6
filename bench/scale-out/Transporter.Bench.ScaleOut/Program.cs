using System.Diagnostics;
using System.Globalization;
using Transporter.Bench.ScaleOut;

// usage: Transporter.Bench.ScaleOut <objects> <object-bytes> <rounds>
// Needs TRANSPORTER_TEST_POSTGRES and TRANSPORTER_TEST_RABBITMQ (run.sh starts the servers through scripts/test-services.sh).
var objects = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 10_000;
var size = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 4096;
var rounds = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 3;
var postgres = Environment.GetEnvironmentVariable("TRANSPORTER_TEST_POSTGRES");
var rabbitmq = Environment.GetEnvironmentVariable("TRANSPORTER_TEST_RABBITMQ");
if (string.IsNullOrEmpty(postgres) || string.IsNullOrEmpty(rabbitmq))
{
    Console.Error.WriteLine("TRANSPORTER_TEST_POSTGRES and TRANSPORTER_TEST_RABBITMQ must be set (run bench/scale-out/run.sh)");
    return 2;
}

await using var stores = await BenchStores.StartAsync();
Console.WriteLine($"uploading {objects:N0} objects of {size:N0} bytes to the source store");
var upload = Stopwatch.StartNew();
var source = await stores.FillSourceAsync(objects, size);
// Each deployment first copies these, unmeasured: its processes JIT-compile the copy path on first use (10 batches,
// so every worker of the 3-worker deployment gets some).
const int WarmUpObjects = 1_000;
var warmUp = (await stores.FillSourceAsync(WarmUpObjects, size), WarmUpObjects, (long)WarmUpObjects * size);
Console.WriteLine($"  {upload.Elapsed.TotalSeconds:0.0} s");

Scenario[] scenarios =
[
    Scenario.Embedded(),
    Scenario.Distributed(postgres, rabbitmq, workers: 1),
    Scenario.Distributed(postgres, rabbitmq, workers: 3),
];
// The machine may be shared: the scenarios take turns, round after round, and each reports its median round.
var measured = scenarios.ToDictionary(s => s, _ => new List<double>());
for (var round = 1; round <= rounds; round++)
    foreach (var scenario in scenarios)
    {
        var rate = await scenario.RunAsync(stores, source, objects, (long)objects * size, warmUp);
        Console.WriteLine($"round {round}: {scenario.Name}: {rate:0.0} objects/s");
        measured[scenario].Add(rate);
    }
var results = scenarios.Select(s => (s.Name, ObjectsPerSecond: measured[s].Order().ElementAt(rounds / 2))).ToList();

var embedded = results[0].ObjectsPerSecond;
var one = results[1].ObjectsPerSecond;
var three = results[2].ObjectsPerSecond;
Console.WriteLine();
Console.WriteLine($"{objects:N0} x {size:N0} B between two built-in store processes, {Environment.ProcessorCount} cores, median of {rounds} rounds");
foreach (var (name, rate) in results) Console.WriteLine($"  {name,-46} {rate,8:0.0} objects/s");
Console.WriteLine($"  scaling 3 workers vs 1 (RabbitMQ + PostgreSQL)    {three / one,8:0.00}x   " +
                  $"(on {Environment.ProcessorCount} cores shared by every process of the run, stores included)");
Console.WriteLine($"  broker overhead: 1 worker vs embedded in-memory    {one / embedded,8:0.00}x   ({(1 - one / embedded) * 100:0}% fewer objects/s)");
return 0;
