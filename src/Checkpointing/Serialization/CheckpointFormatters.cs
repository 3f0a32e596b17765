using MessagePack;
using MessagePack.Formatters;
using MessagePack.Resolvers;

namespace Checkpointing.Serialization;

/// <summary>
/// Finds the MessagePack formatter for a unit type. The source generator registers a formatter for every type it
/// sees in state (from a module initializer); MessagePack's standard resolver (which needs <c>[MessagePackObject]</c>
/// on user types and never writes type names) covers the rest. Typeless and contractless resolvers are never used:
/// a type name in checkpoint data would let a damaged or crafted checkpoint choose what code runs.
/// </summary>
public static class CheckpointFormatters
{
    /// <summary>Options for checkpoint data: the registry first, then the standard resolver; untrusted-data hardening on.</summary>
    public static MessagePackSerializerOptions Options { get; } = MessagePackSerializerOptions.Standard
        .WithResolver(RegistryResolver.Instance)
        .WithSecurity(MessagePackSecurity.UntrustedData);

    /// <summary>
    /// Registers the formatter for <typeparamref name="T"/>; a later registration replaces an earlier one. Generated
    /// code registers one for every type it sees in state; call it for a type the generator does not see.
    /// </summary>
    public static void Register<T>(IMessagePackFormatter<T> formatter)
    {
        ArgumentNullException.ThrowIfNull(formatter);
        Registered<T>.Formatter = formatter;
    }

    /// <summary>Whether a formatter for <typeparamref name="T"/> was registered (by the generator or by hand).</summary>
    public static bool IsRegistered<T>() => Registered<T>.Formatter is not null;

    /// <summary>The formatter for <typeparamref name="T"/>; throws <see cref="InvalidOperationException"/> naming the type when there is none.</summary>
    public static IMessagePackFormatter<T> Get<T>() =>
        RegistryResolver.Instance.GetFormatter<T>()
        ?? throw new InvalidOperationException(
            $"No MessagePack formatter for '{TypeNames.Of<T>()}'. Use the type in a [Checkpointed] field or an IListCheckpointed<T> " +
            "of a project that references Checkpointing (its generator then writes one), mark it [MessagePackObject], " +
            "or call CheckpointFormatters.Register.");

    private static class Registered<T>
    {
        public static IMessagePackFormatter<T>? Formatter;
    }

    private sealed class RegistryResolver : IFormatterResolver
    {
        public static readonly RegistryResolver Instance = new();

        public IMessagePackFormatter<T>? GetFormatter<T>()
        {
            var registered = Registered<T>.Formatter;
            if (registered is not null) return registered;
            try
            {
                return StandardResolver.Instance.GetFormatter<T>();
            }
            catch (TypeInitializationException)
            {
                // The standard resolver could not build one (e.g. a type without [MessagePackObject]).
                return null;
            }
        }
    }
}
