using Checkpointing.Execution;

namespace Checkpointing;

/// <summary>A stream of records; operators added to it chain inside each subtask.</summary>
public sealed class DataStream<T>
{
    private readonly OperatorSpec? producer;
    private readonly List<Func<SubtaskBuilder, IOutput<T>>> consumers = [];
    private readonly List<Func<IEnumerable<OperatorSpec>>> consumerOperators = [];
    private readonly string path;

    internal DataStream(OperatorSpec? producer, string path)
    {
        this.producer = producer;
        this.path = path;
    }

    /// <summary>
    /// Sets the stable uid of the operator that produces this stream (the source), which matches its state in
    /// checkpoints and savepoints. Set it on every stateful operator: the default depends on the job's shape.
    /// </summary>
    public DataStream<T> Uid(string uid)
    {
        ArgumentException.ThrowIfNullOrEmpty(uid);
        if (producer is null) throw new InvalidOperationException("Map results keep no state and have no uid; set the uid on the source or the sink.");
        producer.ExplicitUid = uid;
        return this;
    }

    /// <summary>Transforms each record; runs in the subtask, under its checkpoint lock.</summary>
    public DataStream<TResult> Map<TResult>(Func<T, TResult> map)
    {
        ArgumentNullException.ThrowIfNull(map);
        var next = new DataStream<TResult>(null, $"{path}.map{consumers.Count}");
        consumers.Add(builder => new MapOutput<T, TResult>(map, next.BuildOutput(builder)));
        consumerOperators.Add(() => next.DownstreamOperators);
        return next;
    }

    /// <summary>Adds a sink; <paramref name="factory"/> creates one instance per subtask.</summary>
    public DataStreamSink<T> AddSink(Func<ISinkFunction<T>> factory)
    {
        ArgumentNullException.ThrowIfNull(factory);
        var spec = new OperatorSpec("sink", $"{path}.sink{consumers.Count}");
        consumers.Add(builder =>
            new SinkOutput<T>(builder.Add(spec, factory() ?? throw new InvalidOperationException($"The sink factory of '{spec.Uid}' returned null."))));
        consumerOperators.Add(() => [spec]);
        return new DataStreamSink<T>(spec);
    }

    internal IEnumerable<OperatorSpec> DownstreamOperators => consumerOperators.SelectMany(c => c());

    internal IOutput<T> BuildOutput(SubtaskBuilder builder) => consumers.Count switch
    {
        0 => DiscardOutput<T>.Instance,
        1 => consumers[0](builder),
        _ => new FanOutOutput<T>([.. consumers.Select(c => c(builder))]),
    };
}

/// <summary>A sink added to a stream.</summary>
public sealed class DataStreamSink<T>
{
    private readonly OperatorSpec spec;

    internal DataStreamSink(OperatorSpec spec) => this.spec = spec;

    /// <summary>Sets the sink's stable uid, which matches its state in checkpoints and savepoints.</summary>
    public DataStreamSink<T> Uid(string uid)
    {
        ArgumentException.ThrowIfNullOrEmpty(uid);
        spec.ExplicitUid = uid;
        return this;
    }
}
