using Streaming.Nodes;

try
{
    var app = NodeHost.Build(args);
    await NodeHost.PrepareAsync(app);
    await app.RunAsync();
    return 0;
}
catch (Exception e) when (StartupFailure.Explain(e) is { } line)
{
    Console.Error.WriteLine("streaming: " + line);
    return StartupFailure.ExitCode;
}
