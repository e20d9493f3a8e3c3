namespace Streaming.Streams.Kafka;

internal sealed class KafkaControl(ConsumerLoop loop) : IKafkaControl
{
    public Task Stop() => loop.Stop();
    public Task Shutdown() => loop.Shutdown();
    public Task Completion => loop.Completion;
    public KafkaConsumerDiagnostics Diagnostics => loop.Diagnostics();
}
