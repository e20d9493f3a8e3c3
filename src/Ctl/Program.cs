using Streaming.Ctl;

using var interrupt = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    // The first Ctrl-C ends a tail cleanly (exit 0); a second one kills the process as usual.
    e.Cancel = !interrupt.IsCancellationRequested;
    interrupt.Cancel();
};
return await CtlApp.RunAsync(args, Console.Out, Console.Error, CtlHost.ForConsole(), interrupt.Token);
