using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace Checkpointing.Analyzers.Locks;

/// <summary>
/// Words where a method converted to a delegate goes, for the message reported inside it: "passed to
/// System.Threading.Timer at line 12", "subscribed to System.Timers.Timer.Elapsed at line 7", "stored in field 'step'
/// at line 9".
/// </summary>
internal static class EscapeDescription
{
    public static string Of(IOperation delegateOperation)
    {
        var op = delegateOperation.Parent;
        while (op is IDelegateCreationOperation or IConversionOperation or IParenthesizedOperation) op = op.Parent;
        var where = op switch
        {
            IArgumentOperation { Parent: IInvocationOperation invocation } => $"passed to {invocation.TargetMethod.ContainingType.ToDisplayString()}.{invocation.TargetMethod.Name}",
            IArgumentOperation { Parent: IObjectCreationOperation { Type: { } created } } => $"passed to {created.ToDisplayString()}",
            IEventAssignmentOperation { EventReference: IEventReferenceOperation { Event: var subscribed } } => $"subscribed to {subscribed.ContainingType.ToDisplayString()}.{subscribed.Name}",
            ISimpleAssignmentOperation { Target: IFieldReferenceOperation field } => $"stored in field '{field.Field.Name}'",
            ISimpleAssignmentOperation { Target: IPropertyReferenceOperation property } => $"stored in property '{property.Property.Name}'",
            ISimpleAssignmentOperation { Target: ILocalReferenceOperation local } => $"stored in local '{local.Local.Name}'",
            IVariableInitializerOperation { Parent: IVariableDeclaratorOperation declarator } => $"stored in local '{declarator.Symbol.Name}'",
            IReturnOperation => "returned",
            _ => "converted to a delegate",
        };
        return $"{where} at line {delegateOperation.Syntax.GetLocation().GetLineSpan().StartLinePosition.Line + 1}";
    }
}
