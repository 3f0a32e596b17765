using System.Collections.Immutable;
using Checkpointing.Analyzers.Diagnostics;
using Checkpointing.Analyzers.Exemptions;
using Checkpointing.Analyzers.Flow;
using Checkpointing.Analyzers.Locks;
using Checkpointing.Analyzers.Mutations;
using Checkpointing.Analyzers.Symbols;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace Checkpointing.Analyzers.Analysis;

/// <summary>
/// CKPT001–CKPT004: checkpointed state, emissions and the checkpoint lock. One symbol-start session per type
/// collects what its member bodies do (each body analysed on its own control flow graph, concurrently);
/// the session's end resolves the helper summaries and reports at the calls.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class CheckpointLockAnalyzer : DiagnosticAnalyzer
{
    /// <summary>Tests set this so an analyzer bug fails the test instead of being swallowed.</summary>
    internal static bool RethrowInternalErrors { get; set; }

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(
        Descriptors.StateChangedWithoutLock,
        Descriptors.EmissionNotAtomicWithState,
        Descriptors.LockCastToSystemThreadingLock,
        Descriptors.AwaitWhileHoldingLock,
        Descriptors.BlockingWaitWhileHoldingLock);

    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterCompilationStartAction(start =>
        {
            var known = KnownSymbols.TryCreate(start.Compilation);
            if (known is null) return; // The runtime is not referenced: nothing can be checkpointed.
            var gate = new NameGate(known);
            start.RegisterSymbolStartAction(symbol => OnTypeStart(symbol, known, gate), SymbolKind.NamedType);
        });
    }

    private static void OnTypeStart(SymbolStartAnalysisContext context, KnownSymbols known, NameGate gate)
    {
        var type = (INamedTypeSymbol)context.Symbol;
        var analyseEverything = known.HasCheckpointedState(type) || KnownSymbols.Implements(type, known.SourceFunction) || KnownSymbols.Implements(type, known.SinkFunction);
        // Everything else is looked at only if its text names something that could matter (no operation trees otherwise).
        if (!analyseEverything && !gate.Mentions(type, context.CancellationToken)) return;
        var session = new TypeSession();
        context.RegisterOperationBlockAction(block => Guard(() => AnalyzeBlock(block, known, type, session, analyseEverything)));
        context.RegisterSymbolEndAction(end => Guard(() => session.Report(end.ReportDiagnostic)));
    }

    private static void AnalyzeBlock(OperationBlockAnalysisContext context, KnownSymbols known, INamedTypeSymbol type, TypeSession session, bool analyseEverything)
    {
        var owner = context.OwningSymbol is IMethodSymbol method
            ? new EnclosingBody(method, EntryClassifier.Classify(method, known))
            : new EnclosingBody(context.OwningSymbol, BodyKind.Exempt); // field and property initializers run in the constructor
        var seen = new HashSet<IOperation>();
        foreach (var block in context.OperationBlocks)
        {
            // A method's blocks hang under its IMethodBodyOperation: the graph is built for that root.
            var root = block;
            while (root.Parent is not null) root = root.Parent;
            if (!IsGraphRoot(root) || !seen.Add(root)) continue;
            if (!analyseEverything && !Prefilter.Interesting(root, known)) continue;
            var locals = new LocalValues(root);
            var enclosing = context.OwningSymbol as IMethodSymbol;
            var recognizer = new LockRecognizer(known, locals, enclosing, context.CancellationToken);
            ReportLockOnThreadingLock(root, known, recognizer, context.ReportDiagnostic);
            var cfg = context.GetControlFlowGraph(block);
            var walker = new BodyWalker(known, session, type, recognizer, new MutationFinder(known, locals, context.CancellationToken), context.ReportDiagnostic);
            var entry = owner.Kind == BodyKind.HeldAtEntry ? LockState.HeldAtEntry(root.Syntax) : LockState.Unlocked;
            walker.WalkRoot(cfg, owner, entry);
        }
    }

    /// <summary>CKPT003: <c>lock ((Lock)ctx.CheckpointLock)</c> compiles to Lock.EnterScope, which the runtime's Monitor never sees.</summary>
    private static void ReportLockOnThreadingLock(IOperation root, KnownSymbols known, LockRecognizer recognizer, Action<Diagnostic> report)
    {
        if (known.ThreadingLock is null) return;
        foreach (var op in root.Descendants())
        {
            if (op is ILockOperation { LockedValue: { } locked } &&
                SymbolEqualityComparer.Default.Equals(locked.Type, known.ThreadingLock) &&
                recognizer.Match(locked, null).IsCheckpointLock)
            {
                report(Diagnostic.Create(Descriptors.LockCastToSystemThreadingLock, locked.Syntax.GetLocation()));
            }
        }
    }

    private static bool IsGraphRoot(IOperation op) =>
        op.Kind is OperationKind.MethodBody or OperationKind.ConstructorBody or OperationKind.Block
            or OperationKind.FieldInitializer or OperationKind.PropertyInitializer or OperationKind.ParameterInitializer;

    private static void Guard(Action action)
    {
        try
        {
            action();
        }
        catch (Exception e) when (e is not OperationCanceledException && !RethrowInternalErrors)
        {
            // An analyzer must never take the build down (AD0001); a missed diagnostic is the lesser harm.
        }
    }
}
