using Streaming.Streams.Contracts;

namespace Streaming.Streams.Tests.Contracts;

public sealed class TopicNamesTests
{
    [Fact]
    public void TopicsAreTheSpecsNames()
    {
        Assert.Equal(["user_events", "product_analytics", "order_events"], TopicNames.InputTopics);
        Assert.Equal(
            ["user_session_analytics", "product_popularity_metrics", "trending_products", "order_anomaly_alerts", "late_events", "dead_letters"],
            TopicNames.ResultTopics);
        Assert.Equal("streaming.users", TopicNames.Cdc("users"));
        Assert.Equal("flink_trending_products", TopicNames.Flink(TopicNames.TrendingProducts));
    }

    [Theory]
    [InlineData("user_events")]
    [InlineData("a")]
    [InlineData("My.Topic-1_x")]
    [InlineData("0")]
    public void SafeNames(string name) => Assert.True(TopicNames.IsSafeCustomTopicName(name));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("__consumer_offsets")]
    [InlineData("_private")]
    [InlineData(".hidden")]
    [InlineData("-x")]
    [InlineData("..")]
    [InlineData("a b")]
    [InlineData("a/b")]
    [InlineData("토픽")]
    public void UnsafeNames(string? name) => Assert.False(TopicNames.IsSafeCustomTopicName(name));

    [Fact]
    public void LengthLimitIs249()
    {
        Assert.True(TopicNames.IsSafeCustomTopicName(new string('t', 249)));
        Assert.False(TopicNames.IsSafeCustomTopicName(new string('t', 250)));
    }
}
