// Prints one line per fact the package test checks; the test, not this program, decides what is right.
using Checkpointing;
using Consumer;

Console.WriteLine($"IMPLEMENTS {typeof(ICheckpointedFunction).IsAssignableFrom(typeof(Counter))}");

// Two subtasks' state through real checkpoint bytes and back, at parallelism 2.
var snapshot = CheckpointHarness.Snapshot([new Counter(limit: 100, start: 41), new Counter(limit: 100, start: 7)], checkpointId: 3);
var again = OperatorSnapshot.FromBytes(snapshot.ToBytes());
var restored = CheckpointHarness.Restore(again, newParallelism: 2, () => new Counter(limit: 100));
Console.WriteLine($"ROUNDTRIP {string.Join(",", restored.Select(c => c.Offset))}");

// A real job: two subtasks count to 100 each, then the final checkpoint completes the job.
var env = new StreamExecutionEnvironment { Parallelism = 2 };
env.EnableCheckpointing(TimeSpan.FromMilliseconds(50));
var sum = 0L;
env.AddSource(() => new Counter(limit: 100)).Uid("counter")
   .AddSink(() => new SumSink(value => Interlocked.Add(ref sum, value)));
var result = await env.ExecuteAsync("package-consumer");
Console.WriteLine($"JOB {result.Status} sum {Interlocked.Read(ref sum)} checkpoint {(result.LastCheckpointId > 0 ? "taken" : "missing")}");

internal sealed class SumSink(Action<long> add) : ISinkFunction<long>
{
    public void Invoke(long value) => add(value);
}
