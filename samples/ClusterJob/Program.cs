// A job across an Orleans cluster of three silo processes on this machine, with Redis as the membership table: one
// silo is killed with SIGKILL mid-run, the job recovers on the two survivors from its latest complete checkpoint, a
// new silo joins and the job is rescaled back onto three silos through a savepoint, and the bounded source finishes.
// It ends with a verification line proving every record was committed exactly once through all of that.
//   dotnet run --project samples/ClusterJob                     (starts a private redis-server)
//   dotnet run --project samples/ClusterJob -- --redis 127.0.0.1:6379
// The same program in silo mode is what each machine of a real deployment runs (see SiloHost.cs):
//   ClusterJob silo --redis HOST:PORT --cluster-id ID --port 11111 --gateway 30000 --work /shared/folder --name silo-1
using ClusterSample;

try
{
    return args.Length > 0 && args[0] == "silo"
        ? await SiloHost.RunAsync(SiloHost.Options.Parse(args[1..]))
        : await Driver.RunAsync(args);
}
catch (ArgumentException e)
{
    Console.Error.WriteLine(e.Message);
    return 2;
}
