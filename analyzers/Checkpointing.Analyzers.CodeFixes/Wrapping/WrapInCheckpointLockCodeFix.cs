using System.Collections.Immutable;
using System.Composition;
using Checkpointing.Diagnostics;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;

namespace Checkpointing.Analyzers.CodeFixes.Wrapping;

/// <summary>CKPT001/CKPT002: wrap the statement in <c>lock (ctx.CheckpointLock) { … }</c> when a context is in scope.</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(WrapInCheckpointLockCodeFix)), Shared]
public sealed class WrapInCheckpointLockCodeFix : CodeFixProvider
{
    public const string EquivalenceKey = "Checkpointing.WrapInCheckpointLock";

    public override ImmutableArray<string> FixableDiagnosticIds { get; } =
        ImmutableArray.Create(DiagnosticIds.StateChangedWithoutLock, DiagnosticIds.EmissionNotAtomicWithState);

    public override FixAllProvider GetFixAllProvider() => WrapFixAllProvider.Instance;

    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        foreach (var diagnostic in context.Diagnostics)
        {
            // CKPT002 about two critical sections is fixed by moving the emission, not by another lock.
            if (diagnostic.Id == DiagnosticIds.EmissionNotAtomicWithState && diagnostic.AdditionalLocations.Count > 0) continue;
            if (!await LockWrapper.CanWrapAsync(context.Document, diagnostic, context.CancellationToken).ConfigureAwait(false)) continue;
            context.RegisterCodeFix(
                CodeAction.Create(
                    "Wrap in lock (ctx.CheckpointLock)",
                    ct => LockWrapper.WrapAsync(context.Document, new[] { diagnostic }, ct),
                    EquivalenceKey),
                diagnostic);
        }
    }

    private sealed class WrapFixAllProvider : DocumentBasedFixAllProvider
    {
        public static readonly WrapFixAllProvider Instance = new();

        protected override string GetFixAllTitle(FixAllContext fixAllContext) => "Wrap all in lock (ctx.CheckpointLock)";

        protected override async Task<Document?> FixAllAsync(FixAllContext fixAllContext, Document document, ImmutableArray<Diagnostic> diagnostics) =>
            await LockWrapper.WrapAsync(
                document,
                diagnostics.Where(d => !(d.Id == DiagnosticIds.EmissionNotAtomicWithState && d.AdditionalLocations.Count > 0)),
                fixAllContext.CancellationToken).ConfigureAwait(false);
    }
}
