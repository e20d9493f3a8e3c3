using Streaming.Example.PageCounts;
using Streaming.Nodes;

return await NodeHost.RunAsync(args, [.. AnalyticModules.BuiltIn, new PageCountsModule()]);
