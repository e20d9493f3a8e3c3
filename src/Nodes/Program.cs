using Streaming.Nodes;

return await NodeHost.RunAsync(args, AnalyticModules.BuiltIn);
