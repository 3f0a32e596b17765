using Checkpointing.Analyzers.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;

namespace Checkpointing.Analyzers.Tests.Locks;

/// <summary>
/// A private method converted to a delegate that runs later (timer, thread, task, event, stored field) runs with no
/// lock: its changes are reported inside it, naming where it escapes; its unlocked calls stay reported at the call.
/// </summary>
public sealed class EscapingHelperTests
{
    private const string Cancel = " public override void Cancel() { }";

    private static DiagnosticResult Changed(int marker, string what, string method, string escape) =>
        new DiagnosticResult("CKPT001", DiagnosticSeverity.Warning).WithLocation(marker)
            .WithArguments($"{what} in '{method}', which is {escape} and runs", "");

    [Fact]
    public Task Timer_callback_is_reported_at_the_change_naming_the_timer() => AnalyzerTest.Run(Sources.Class("""
        private Timer? timer;
        private void Tick(object? state) { {|#0:offset++|}; }
        public override void Run(ISourceContext<long> ctx)
        {
            lock (ctx.CheckpointLock) { timer = new Timer(Tick, null, 0, 100); }
        }
        """ + Cancel),
        Changed(0, "[Checkpointed] field 'offset' is changed", "Tick", "passed to System.Threading.Timer at line 18"));

    public static TheoryData<string, string> Escapes => new()
    {
        { "new Thread(Loop).Start();", "passed to System.Threading.Thread" },
        { "Task.Run(Loop);", "passed to System.Threading.Tasks.Task.Run" },
        { "ThreadPool.QueueUserWorkItem(Work);", "passed to System.Threading.ThreadPool.QueueUserWorkItem" },
        { "Ticked += OnTicked;", "subscribed to Fn.Ticked" },
        { "step = Loop;", "stored in field 'step'" },
    };

    [Theory]
    [MemberData(nameof(Escapes))]
    public Task Escaping_method_group_is_reported_inside_the_method(string escape, string description)
    {
        var method = escape.Contains("Work") ? "Work" : escape.Contains("OnTicked") ? "OnTicked" : "Loop";
        return AnalyzerTest.Run(Sources.Class("""
            private Action? step;
            public event EventHandler? Ticked;
            private void Loop() { {|#0:items.Add(1)|}; }
            private void Work(object? state) { {|#1:items.Add(2)|}; }
            private void OnTicked(object? sender, EventArgs e) { {|#2:items.Add(3)|}; }
            public override void Run(ISourceContext<long> ctx)
            {
                lock (ctx.CheckpointLock) { Loop(); Work(null); OnTicked(null, EventArgs.Empty);
            """ + escape + " } }" + Cancel),
            Changed(method == "Loop" ? 0 : method == "Work" ? 1 : 2, "[Checkpointed] field 'items' is changed", method, description + " at line 21"));
    }

    [Fact]
    public Task Escaping_helper_that_locks_itself_is_accepted() => AnalyzerTest.Run(Sources.Class("""
        private ISourceContext<long>? context;
        private void Tick(object? state) { lock (context!.CheckpointLock) { offset++; } }
        public override void Run(ISourceContext<long> ctx) { context = ctx; var timer = new Timer(Tick, null, 0, 100); }
        """ + Cancel));

    [Fact]
    public Task Escaping_helper_reports_its_unlocked_call_of_another_helper_inside_it() => AnalyzerTest.Run(Sources.Class("""
        private void Advance() { offset++; }
        private void Loop() { {|#0:Advance()|}; }
        public override void Run(ISourceContext<long> ctx) { lock (ctx.CheckpointLock) { Advance(); } Task.Run(Loop); }
        """ + Cancel),
        Changed(0, "[Checkpointed] field 'offset' is changed by the call to 'Advance'", "Loop", "passed to System.Threading.Tasks.Task.Run at line 16"));

    [Fact]
    public Task Lambda_calling_a_helper_is_still_reported_at_the_call() => AnalyzerTest.Run(Sources.Class("""
        private void Advance() { offset++; }
        public override void Run(ISourceContext<long> ctx) { lock (ctx.CheckpointLock) { Advance(); var timer = new Timer(_ => {|CKPT001:Advance()|}, null, 0, 100); } }
        """ + Cancel));

    [Fact]
    public Task Method_group_run_at_once_under_the_lock_is_not_an_escape() => AnalyzerTest.Run(Sources.Class("""
        private void Add(long v) { items.Add(v); }
        public override void Run(ISourceContext<long> ctx) { var batch = new List<long> { 1 }; lock (ctx.CheckpointLock) { batch.ForEach(Add); } }
        """ + Cancel));
}
