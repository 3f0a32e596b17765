using Checkpointing.Tool.Cli;

return await ToolCommandLine.RunAsync(args, Console.Out, Console.Error);
