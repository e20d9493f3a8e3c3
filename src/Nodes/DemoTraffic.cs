using System.Globalization;
using Streaming.Api.Ingest;

namespace Streaming.Nodes;

/// <summary>
/// Realistic shop traffic through the same validation and producer as the gateway: shoppers browse
/// in bursts, search, add to cart, buy, and go quiet — on a simulated clock that runs
/// <see cref="DemoOptions.TimeScale"/>× faster than the wall clock, so sessions close within a minute.
/// </summary>
public sealed class DemoTraffic(DemoOptions options, IngestService ingest, ILogger<DemoTraffic> logger) : BackgroundService
{
    private static readonly string[] Pages = ["/", "/search", "/products/laptop-15", "/products/phone-x", "/products/headphones", "/cart", "/checkout"];
    private static readonly string[] Devices = ["mobile", "desktop", "tablet"];
    private static readonly string[] Categories = ["electronics", "books", "fashion", "home"];

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Enabled) return;
        logger.LogInformation("Demo traffic: {Rate} events/s from {Users} shoppers, event time ×{Scale}", options.EventsPerSecond, options.Users, options.TimeScale);
        var random = new Random();
        var started = DateTimeOffset.UtcNow;
        var quietUntil = new DateTimeOffset[options.Users];
        var delay = TimeSpan.FromSeconds(1.0 / Math.Max(1, options.EventsPerSecond));
        long order = 0;
        while (!stoppingToken.IsCancellationRequested)
        {
            var now = DateTimeOffset.UtcNow;
            var eventTime = started + (now - started) * options.TimeScale;
            var user = random.Next(options.Users);
            if (quietUntil[user] > eventTime) continue;
            // After a burst a shopper leaves for longer than the session gap.
            if (random.Next(12) == 0) quietUntil[user] = eventTime.AddMinutes(6 + random.Next(10));
            var ts = eventTime.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
            var product = $"prod_{random.Next(40)}";
            var price = (random.Next(1, 200) * 5000).ToString(CultureInfo.InvariantCulture);
            // Now and then a whale: an order large enough for the HIGH_VALUE rule.
            var orderTotal = random.Next(25) == 0 ? (random.Next(2, 13) * 500_000).ToString(CultureInfo.InvariantCulture) : price;
            var (codec, body) = random.Next(10) switch
            {
                < 6 => (EventCodec.UserEvents, $$$"""{"user_id":"user_{{{user}}}","event_type":"{{{(random.Next(4) == 0 ? "click" : "page_view")}}}","page_url":"{{{Pages[random.Next(Pages.Length)]}}}","timestamp":"{{{ts}}}","metadata":{"device":"{{{Devices[user % Devices.Length]}}}"}}"""),
                < 9 => (EventCodec.ProductEvents, $$$"""{"product_id":"{{{product}}}","action":"{{{(random.Next(5) == 0 ? "add_to_cart" : random.Next(8) == 0 ? "purchase" : "view")}}}","user_id":"user_{{{user}}}","timestamp":"{{{ts}}}","properties":{"category":"{{{Categories[product.Length % Categories.Length]}}}","price":{{{price}}}}}"""),
                _ => (EventCodec.OrderEvents, $$$"""{"order_id":"demo_{{{Interlocked.Increment(ref order)}}}","user_id":"user_{{{user}}}","status":"created","total_amount":{{{orderTotal}}},"items":[{"product_id":"{{{product}}}","quantity":1,"price":{{{orderTotal}}}}],"timestamp":"{{{ts}}}"}"""),
            };
            var parsed = codec.Parse(System.Text.Encoding.UTF8.GetBytes(body), now);
            if (parsed.Event is { } ev)
            {
                try
                {
                    await ingest.WriteAsync(codec.Topic, ev.EventId, ev.Key, ev.Payload, stoppingToken);
                }
                catch (BrokerUnavailableException e)
                {
                    logger.LogWarning("Demo traffic paused: {Reason}", e.Message);
                    await Task.Delay(TimeSpan.FromSeconds(2), stoppingToken);
                }
            }
            await Task.Delay(delay, stoppingToken);
        }
    }
}
