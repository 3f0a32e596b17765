using System.ComponentModel;

namespace Checkpointing.Serialization.Layouts;

/// <summary>
/// A generated formatter, which writes its type positionally under <see cref="Layout"/>. Lets a restore pair the type
/// a value is read as with the layout it was stored under when the type was renamed between versions.
/// </summary>
/// <remarks>For generated code; not a user API.</remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
public interface ILayoutFormatter
{
    /// <summary>The layout the formatter writes.</summary>
    TypeLayout Layout { get; }
}
