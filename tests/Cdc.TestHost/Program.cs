using Microsoft.Extensions.Logging;
using Streaming.Streams.Cdc;
using Streaming.Cdc.TestHost;

// Streaming.Cdc.TestHost <connection string> <bootstrap servers> <slot> <publication> <table,table,…> [status interval ms]
// Runs one CdcConnector until SIGTERM/SIGINT (graceful) or SIGKILL (the point of it). Writes its log and a
// "status …" line per second to stdout; exits 2 with the message on a CdcException.
if (args.Length < 5)
{
    Console.Error.WriteLine("usage: Streaming.Cdc.TestHost <connection string> <bootstrap> <slot> <publication> <tables> [status interval ms]");
    return 2;
}
var options = new CdcOptions
{
    ConnectionString = args[0],
    SlotName = args[2],
    PublicationName = args[3],
    Tables = args[4].Split(',', StringSplitOptions.RemoveEmptyEntries),
    StatusInterval = TimeSpan.FromMilliseconds(args.Length > 5 ? int.Parse(args[5], System.Globalization.CultureInfo.InvariantCulture) : 200),
    ReconnectDelay = TimeSpan.FromMilliseconds(200),
};
using var loggerFactory = new ConsoleLoggerFactory();
using var connector = CdcConnector.Create(options, args[1], loggerFactory: loggerFactory);
using var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    stop.Cancel();
};
using var sigterm = System.Runtime.InteropServices.PosixSignalRegistration.Create(System.Runtime.InteropServices.PosixSignal.SIGTERM, ctx =>
{
    ctx.Cancel = true;
    stop.Cancel();
});
var reporter = Task.Run(async () =>
{
    while (!stop.IsCancellationRequested)
    {
        var s = connector.Status;
        Console.WriteLine($"status phase={s.Phase} confirmed={s.ConfirmedLsn} changes={s.ChangesPublished} inflight={s.InFlight}");
        try
        {
            await Task.Delay(1000, stop.Token);
        }
        catch (OperationCanceledException)
        {
        }
    }
});
try
{
    await connector.RunAsync(stop.Token);
    Console.WriteLine("stopped");
    return 0;
}
catch (CdcException ex)
{
    Console.WriteLine(ex.Message);
    return 2;
}
finally
{
    await stop.CancelAsync();
    await reporter;
}
