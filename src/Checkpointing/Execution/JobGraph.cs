namespace Checkpointing.Execution;

/// <summary>An operator's identity in the job: the uid its state is stored under.</summary>
internal sealed class OperatorSpec(string kind, string defaultUid)
{
    public string Kind { get; } = kind;

    /// <summary>A uid derived from the operator's position in the job; stable only while the job's shape does not change.</summary>
    public string DefaultUid { get; } = defaultUid;

    public string? ExplicitUid { get; set; }

    public string Uid => ExplicitUid ?? DefaultUid;
}

/// <summary>What a subtask is built from: the functions of its chain, in chain order (source first).</summary>
internal sealed class SubtaskBuilder(int subtaskIndex)
{
    public int SubtaskIndex { get; } = subtaskIndex;
    public List<OperatorInstance> Operators { get; } = [];

    public T Add<T>(OperatorSpec spec, T function) where T : class
    {
        Operators.Add(new OperatorInstance(spec.Uid, function));
        return function;
    }
}

/// <summary>One source and everything chained behind it; the job runs <c>Parallelism</c> subtasks of it.</summary>
internal interface IPipeline
{
    IEnumerable<OperatorSpec> Operators { get; }

    ISubtask CreateSubtask(int subtaskIndex, SubtaskHost host);
}

internal sealed class SourcePipeline<T>(OperatorSpec spec, Func<ISourceFunction<T>> factory, DataStream<T> stream) : IPipeline
{
    public IEnumerable<OperatorSpec> Operators => [spec, .. stream.DownstreamOperators];

    public ISubtask CreateSubtask(int subtaskIndex, SubtaskHost host)
    {
        var builder = new SubtaskBuilder(subtaskIndex);
        var source = builder.Add(spec, factory() ?? throw new InvalidOperationException($"The source factory of '{spec.Uid}' returned null."));
        var output = stream.BuildOutput(builder);
        return new SourceSubtask<T>(host, subtaskIndex, source, output, builder.Operators);
    }
}
