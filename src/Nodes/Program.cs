using Streaming.Nodes;

var app = NodeHost.Build(args);
await NodeHost.PrepareAsync(app);
await app.RunAsync();
