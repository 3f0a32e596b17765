using Microsoft.CodeAnalysis;

namespace Checkpointing.Diagnostics;

/// <summary>
/// The one way a CKPT descriptor is made: enabled by default, in <see cref="DiagnosticIds.Category"/>, with its help
/// link, and with a description that says why the rule exists (shown in the IDE's rule details).
/// </summary>
internal static class DescriptorFactory
{
    public static DiagnosticDescriptor Create(string id, string title, string message, DiagnosticSeverity severity, string description) =>
        new(id, title, message, DiagnosticIds.Category, severity, isEnabledByDefault: true, description: description, helpLinkUri: DiagnosticIds.HelpLink(id));
}
