// Generated state survives trimming and NativeAOT: snapshot a state object of many shapes, write it to bytes, read it
// back and restore it (at another parallelism for the collections), then compare.
//   dotnet run --project samples/AotRoundTrip
//   dotnet publish samples/AotRoundTrip -r linux-x64   (NativeAOT; needs clang and zlib1g-dev)
using AotSample;
using Checkpointing;

var original = new InventoryState(seed: 7);
var bytes = CheckpointHarness.Snapshot([original], checkpointId: 42).ToBytes();
var restored = CheckpointHarness.Restore(OperatorSnapshot.FromBytes(bytes), newParallelism: 1, () => new InventoryState()).Single();

var same = original.Describe() == restored.Describe();
Console.WriteLine($"Snapshot of {bytes.Length} bytes restored {(same ? "identically" : "DIFFERENTLY")}.");
if (!same) Console.WriteLine($"  original: {original.Describe()}\n  restored: {restored.Describe()}");
Console.WriteLine($"VERIFY round trip {(same ? "OK" : "FAILED")}");
return same ? 0 : 1;
