namespace Checkpointing;

/// <summary>A sink: receives every record of its stream, under the subtask's checkpoint lock.</summary>
public interface ISinkFunction<T>
{
    /// <summary>Handles one record.</summary>
    void Invoke(T value);
}
