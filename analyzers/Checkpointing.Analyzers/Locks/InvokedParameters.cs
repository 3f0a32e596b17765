using System.Collections.Concurrent;
using Checkpointing.Analyzers.Symbols;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Checkpointing.Analyzers.Locks;

/// <summary>How one of our own methods uses a delegate parameter.</summary>
internal enum ParameterRun
{
    /// <summary>Stored, captured or passed on: it may run later.</summary>
    Later,

    /// <summary>Called directly before the method returns, under the caller's locks.</summary>
    Immediately,

    /// <summary>Called directly, every time inside <c>lock</c> on the checkpoint lock (a lock field, a copy, <c>x.CheckpointLock</c>).</summary>
    UnderCheckpointLock,

    /// <summary>Called directly, every time inside <c>lock</c> on another parameter: under the checkpoint lock when the call passes it.</summary>
    UnderParameterLock,
}

/// <summary>
/// Our own methods that run a delegate parameter before they return (<c>void Retry(Action step) { … step(); … }</c>),
/// and those that run it under the lock they take (<c>void Locked(Action a) { lock (gate) a(); }</c>,
/// <c>T Locked&lt;T&gt;(object gate, Func&lt;T&gt; f) { lock (gate) return f(); }</c>): every use of the parameter is a direct
/// call, none inside a lambda or local function, and the method is neither async nor an iterator. Read from syntax
/// (no extra semantic models), cached per parameter for the compilation.
/// </summary>
internal sealed class InvokedParameters
{
    private readonly ConcurrentDictionary<IParameterSymbol, (ParameterRun Run, int LockParameter)> cache = new(SymbolEqualityComparer.Default);

    /// <summary>How the parameter's delegate runs; for <see cref="ParameterRun.UnderParameterLock"/> also which parameter is locked.</summary>
    public (ParameterRun Run, int LockParameter) Classify(IParameterSymbol parameter, KnownSymbols known, CancellationToken cancellationToken) =>
        parameter.ContainingSymbol is IMethodSymbol { IsAsync: false, DeclaringSyntaxReferences.IsEmpty: false }
            ? cache.GetOrAdd(parameter.OriginalDefinition, p => Compute(p, known, cancellationToken))
            : (ParameterRun.Later, -1);

    private static (ParameterRun, int) Compute(IParameterSymbol parameter, KnownSymbols known, CancellationToken cancellationToken)
    {
        var method = (IMethodSymbol)parameter.ContainingSymbol;
        var uses = 0;
        var run = ParameterRun.UnderCheckpointLock;
        var lockParameter = -1;
        foreach (var reference in method.DeclaringSyntaxReferences)
        {
            var body = reference.GetSyntax(cancellationToken);
            foreach (var node in body.DescendantNodes())
            {
                if (node is YieldStatementSyntax) return (ParameterRun.Later, -1);
                if (node is not IdentifierNameSyntax identifier || identifier.Identifier.ValueText != parameter.Name) continue;
                if (!IsDirectCall(identifier) || InsideNestedFunction(identifier, body)) return (ParameterRun.Later, -1);
                uses++;
                var (held, locked) = LockAround(identifier, body, method, known, cancellationToken);
                if (held) continue;
                // One use outside the lock, or under locks on two different parameters: only "immediately" holds for all.
                if (locked < 0 || (lockParameter >= 0 && lockParameter != locked)) run = ParameterRun.Immediately;
                else if (run != ParameterRun.Immediately)
                {
                    run = ParameterRun.UnderParameterLock;
                    lockParameter = locked;
                }
            }
        }
        if (uses == 0) return (ParameterRun.Later, -1);
        return run == ParameterRun.UnderParameterLock ? (run, lockParameter) : (run, -1);
    }

    /// <summary>
    /// The <c>lock</c> statements around a use: whether one is on the checkpoint lock, else the ordinal of the
    /// parameter one is on (or -1). A body that exits a Monitor by hand proves nothing.
    /// </summary>
    private static (bool Held, int Parameter) LockAround(SyntaxNode use, SyntaxNode body, IMethodSymbol method, KnownSymbols known, CancellationToken cancellationToken)
    {
        var parameter = -1;
        for (var current = use.Parent; current is not null && current != body; current = current.Parent)
        {
            if (current is not LockStatementSyntax statement || ExitsMonitor(statement)) continue;
            switch (Locked(statement.Expression, body, method, known, cancellationToken))
            {
                case -2: return (true, -1);
                case >= 0 and var ordinal: parameter = ordinal; break;
            }
        }
        return (false, parameter);
    }

    /// <summary>-2: the checkpoint lock; an ordinal: that parameter of the method; -1: something else.</summary>
    private static int Locked(ExpressionSyntax expression, SyntaxNode body, IMethodSymbol method, KnownSymbols known, CancellationToken cancellationToken)
    {
        if (LockFields.IsLockAccess(expression)) return -2;
        while (expression is ParenthesizedExpressionSyntax or PostfixUnaryExpressionSyntax { RawKind: (int)SyntaxKind.SuppressNullableWarningExpression })
        {
            expression = expression is ParenthesizedExpressionSyntax p ? p.Expression : ((PostfixUnaryExpressionSyntax)expression).Operand;
        }
        var name = expression switch
        {
            IdentifierNameSyntax id => id.Identifier.ValueText,
            MemberAccessExpressionSyntax { Expression: ThisExpressionSyntax, Name: IdentifierNameSyntax id } => id.Identifier.ValueText,
            _ => null,
        };
        if (name is null) return -1;
        if (expression is IdentifierNameSyntax)
        {
            foreach (var p in method.Parameters)
            {
                if (p.Name == name) return p.Type.IsReferenceType ? p.Ordinal : -1;
            }
            if (IsLockCopy(name, body)) return -2;
        }
        foreach (var member in method.ContainingType.GetMembers(name))
        {
            if (member is IFieldSymbol field && LockFields.IsLockField(field, known, cancellationToken)) return -2;
        }
        return -1;
    }

    /// <summary>A local of the method declared as a copy of the lock (<c>var g = ctx.CheckpointLock;</c>) and never reassigned.</summary>
    private static bool IsLockCopy(string name, SyntaxNode body)
    {
        var declared = false;
        foreach (var node in body.DescendantNodes())
        {
            switch (node)
            {
                case VariableDeclaratorSyntax declarator when declarator.Identifier.ValueText == name:
                    if (declarator.Initializer is null || !LockFields.IsLockAccess(declarator.Initializer.Value)) return false;
                    declared = true;
                    break;
                case AssignmentExpressionSyntax { Left: IdentifierNameSyntax left } when left.Identifier.ValueText == name:
                    return false;
            }
        }
        return declared;
    }

    private static bool ExitsMonitor(LockStatementSyntax statement)
    {
        foreach (var node in statement.Statement.DescendantNodes())
        {
            if (node is InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Exit", Expression: IdentifierNameSyntax { Identifier.ValueText: "Monitor" } } })
                return true;
        }
        return false;
    }

    /// <summary><c>p(…)</c>, <c>p.Invoke(…)</c> or <c>p?.Invoke(…)</c>.</summary>
    private static bool IsDirectCall(IdentifierNameSyntax identifier) => identifier.Parent switch
    {
        InvocationExpressionSyntax invocation => invocation.Expression == identifier,
        MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Invoke", Parent: InvocationExpressionSyntax } access => access.Expression == identifier,
        ConditionalAccessExpressionSyntax { WhenNotNull: InvocationExpressionSyntax { Expression: MemberBindingExpressionSyntax { Name.Identifier.ValueText: "Invoke" } } } conditional => conditional.Expression == identifier,
        _ => false,
    };

    private static bool InsideNestedFunction(SyntaxNode node, SyntaxNode body)
    {
        for (var current = node.Parent; current is not null && current != body; current = current.Parent)
        {
            if (current is AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax) return true;
        }
        return false;
    }
}
