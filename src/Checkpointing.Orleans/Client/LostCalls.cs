using Orleans.Networking.Shared;
using Orleans.Runtime.Messaging;

namespace Checkpointing.Orleans;

/// <summary>
/// Reads a job grain's status through a client whose gateway may die under it. A silo killed while a call passes
/// through it loses the call: Orleans reports it only when its response timeout (30 s by default) runs out, or
/// rejects it, and either says nothing about the job. A read is safe to ask again, so it is — on any gateway left.
/// </summary>
internal static class LostCalls
{
    /// <summary>How long one status call may take before it counts as lost (the grain answers at once when reachable).</summary>
    public static readonly TimeSpan CallTimeout = TimeSpan.FromSeconds(10);

    /// <summary>How long the calls may keep being lost before the caller is told: longer than membership needs to declare a silo dead.</summary>
    public static readonly TimeSpan GiveUpAfter = TimeSpan.FromMinutes(2);

    public static async Task<T> ReadAsync<T>(Func<Task<T>> call, TimeSpan retryDelay, TimeSpan? callTimeout = null, TimeSpan? giveUpAfter = null)
    {
        var deadline = DateTime.UtcNow + (giveUpAfter ?? GiveUpAfter);
        while (true)
        {
            try
            {
                return await call().WaitAsync(callTimeout ?? CallTimeout).ConfigureAwait(false);
            }
            catch (Exception e) when (IsLostInTransit(e) && DateTime.UtcNow < deadline)
            {
                await Task.Delay(retryDelay).ConfigureAwait(false);
            }
        }
    }

    /// <summary>The call never reached the grain or its answer never came back; the grain itself did not fail it.</summary>
    public static bool IsLostInTransit(Exception e) =>
        e is TimeoutException or OrleansMessageRejectionException or ConnectionFailedException or SocketConnectionException;
}
