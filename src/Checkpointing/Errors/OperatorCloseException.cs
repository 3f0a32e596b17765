namespace Checkpointing;

/// <summary>
/// A function's <c>Close()</c> threw (the inner exception). After every source finished, this fails the attempt: the
/// function had work left — a two-phase-commit sink whose commit of the final checkpoint failed, say — and a restart
/// from that checkpoint redoes it.
/// </summary>
public class OperatorCloseException : Exception
{
    /// <summary>Creates the exception.</summary>
    public OperatorCloseException(string message) : base(message) { }

    /// <summary>Creates the exception with its cause.</summary>
    public OperatorCloseException(string message, Exception inner) : base(message, inner) { }
}
