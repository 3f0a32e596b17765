namespace Checkpointing;

/// <summary>
/// The method's body may change checkpointed fields; every caller must hold the checkpoint lock
/// (Clang's <c>REQUIRES</c>). The analyzer checks the calls instead of the body.
/// </summary>
[AttributeUsage(AttributeTargets.Method | AttributeTargets.Constructor, AllowMultiple = false, Inherited = true)]
public sealed class RequiresCheckpointLockAttribute : Attribute
{
}
