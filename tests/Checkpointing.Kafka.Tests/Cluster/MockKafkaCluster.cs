using System.Runtime.InteropServices;
using System.Text;
using Confluent.Kafka;

namespace Checkpointing.Kafka.Testing;

/// <summary>
/// librdkafka's in-process mock cluster: brokers that speak the Kafka protocol on loopback ports, inside this process,
/// gone when disposed. Topics are created through the mock API, since the mock answers no CreateTopics request.
/// Linked into the tests, the sample and the benchmarks (one copy).
/// Known limits of the mock (librdkafka 2.16): transactions commit and abort, but a read_committed consumer is shown
/// the records of open and aborted transactions too; a second producer with the same transactional.id does not fence
/// the first; a timestamp lookup answers "end of partition". Producer ids are drawn at random from 900 000 values and
/// looked up by value, so two producers of one cluster can get the same id (with 100 producers, in about one cluster
/// of 200): the later one's transactions are then refused (INVALID_PRODUCER_ID_MAPPING) and cannot even be aborted.
/// Tests that start many transactional producers use a cluster of their own to keep the odds down.
/// </summary>
public sealed class MockKafkaCluster : IDisposable
{
    private static readonly Lazy<string> LoadedLibrary = new(FindLoadedLibrary);
    private readonly IntPtr client;
    private readonly IntPtr cluster;
    private readonly Lock gate = new();
    private bool disposed;

    /// <summary>Starts a cluster of <paramref name="brokers"/> brokers.</summary>
    public MockKafkaCluster(int brokers = 3)
    {
        _ = LoadedLibrary.Value;
        var errors = new StringBuilder(512);
        client = Native.rd_kafka_new(0, Native.rd_kafka_conf_new(), errors, (UIntPtr)errors.Capacity);
        if (client == IntPtr.Zero) throw new InvalidOperationException($"Cannot create the mock cluster's client: {errors}");
        cluster = Native.rd_kafka_mock_cluster_new(client, brokers);
        if (cluster == IntPtr.Zero)
        {
            Native.rd_kafka_destroy(client);
            throw new InvalidOperationException("librdkafka did not create a mock cluster.");
        }
        BootstrapServers = Marshal.PtrToStringUTF8(Native.rd_kafka_mock_cluster_bootstraps(cluster))
            ?? throw new InvalidOperationException("The mock cluster has no bootstrap servers.");
    }

    /// <summary>The brokers' loopback addresses, for <c>bootstrap.servers</c>.</summary>
    public string BootstrapServers { get; }

    /// <summary>Creates <paramref name="topic"/> with <paramref name="partitions"/> partitions (replication 1).</summary>
    public void CreateTopic(string topic, int partitions)
    {
        lock (gate)
        {
            ObjectDisposedException.ThrowIf(disposed, this);
            var error = Native.rd_kafka_mock_topic_create(cluster, topic, partitions, 1);
            if (error != 0) throw new InvalidOperationException($"The mock cluster did not create topic {topic}: error {error}.");
        }
    }

    /// <summary>The next <paramref name="count"/> requests of protocol API <paramref name="apiKey"/>, on any broker, fail with <paramref name="error"/>.</summary>
    public void FailNextRequests(short apiKey, ErrorCode error, int count)
    {
        lock (gate)
        {
            ObjectDisposedException.ThrowIf(disposed, this);
            Native.rd_kafka_mock_push_request_errors_array(cluster, apiKey, (UIntPtr)count, Enumerable.Repeat((int)error, count).ToArray());
        }
    }

    /// <summary>Stops the brokers.</summary>
    public void Dispose()
    {
        lock (gate)
        {
            if (disposed) return;
            disposed = true;
            Native.rd_kafka_mock_cluster_destroy(cluster);
            Native.rd_kafka_destroy(client);
        }
    }

    // Confluent.Kafka picks one of the native builds it ships when it first loads; the mock API must call into the same
    // library instance, so the resolver hands out whatever file is mapped into the process.
    private static string FindLoadedLibrary()
    {
        _ = Library.Version;
        var path = File.ReadLines("/proc/self/maps")
            .Select(line => line.Split(' ', 6, StringSplitOptions.RemoveEmptyEntries))
            .Where(parts => parts.Length == 6 && parts[5].Contains("librdkafka", StringComparison.Ordinal))
            .Select(parts => parts[5].Trim())
            .FirstOrDefault() ?? throw new PlatformNotSupportedException("librdkafka is not mapped into the process (the mock cluster needs Linux).");
        NativeLibrary.SetDllImportResolver(typeof(MockKafkaCluster).Assembly, (name, _, _) => name == Native.Library ? NativeLibrary.Load(path) : IntPtr.Zero);
        return path;
    }

    private static class Native
    {
        public const string Library = "librdkafka";

        [DllImport(Library)] public static extern IntPtr rd_kafka_conf_new();
        [DllImport(Library)] public static extern IntPtr rd_kafka_new(int type, IntPtr conf, StringBuilder errstr, UIntPtr errstrSize);
        [DllImport(Library)] public static extern void rd_kafka_destroy(IntPtr rk);
        [DllImport(Library)] public static extern IntPtr rd_kafka_mock_cluster_new(IntPtr rk, int brokers);
        [DllImport(Library)] public static extern IntPtr rd_kafka_mock_cluster_bootstraps(IntPtr cluster);
        [DllImport(Library)] public static extern void rd_kafka_mock_cluster_destroy(IntPtr cluster);
        [DllImport(Library)] public static extern void rd_kafka_mock_push_request_errors_array(IntPtr cluster, short apiKey, UIntPtr count, int[] errors);
        [DllImport(Library)] public static extern int rd_kafka_mock_topic_create(IntPtr cluster, [MarshalAs(UnmanagedType.LPUTF8Str)] string topic, int partitions, int replicationFactor);
    }
}
