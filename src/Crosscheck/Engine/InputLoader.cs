using DuckDB.NET.Data;

namespace Streaming.Crosscheck.Engine;

/// <summary>Parses the input records and appends the readable ones to the engine's tables; the rest are rejected.</summary>
internal static class InputLoader
{
    public static List<RejectedRecord> Load(DuckDBConnection connection, EngineInput input)
    {
        var rejected = new List<RejectedRecord>();
        using (var users = connection.CreateAppender("user_events"))
        {
            foreach (var record in input.UserEvents)
            {
                if (InputParser.User(record, out var problem) is not { } e)
                {
                    rejected.Add(new RejectedRecord(input.Topics.UserEvents, record.Partition, record.Offset, problem));
                    continue;
                }

                users.CreateRow().AppendValue(e.Part).AppendValue(e.Off).AppendValue(e.EventId).AppendValue(e.UserId).AppendValue(e.EventType)
                    .AppendValue(e.PageUrl).AppendValue(e.Device).AppendValue(e.T).EndRow();
            }
        }

        using (var products = connection.CreateAppender("product_events"))
        {
            foreach (var record in input.ProductAnalytics)
            {
                if (InputParser.Product(record, out var problem) is not { } e)
                {
                    rejected.Add(new RejectedRecord(input.Topics.ProductAnalytics, record.Partition, record.Offset, problem));
                    continue;
                }

                products.CreateRow().AppendValue(e.Part).AppendValue(e.Off).AppendValue(e.EventId).AppendValue(e.ProductId).AppendValue(e.Action)
                    .AppendValue(e.UserId).AppendValue(e.Quantity).AppendValue(e.Price).AppendValue(e.Category).AppendValue(e.Brand).AppendValue(e.T).EndRow();
            }
        }

        using (var orders = connection.CreateAppender("order_events"))
        using (var items = connection.CreateAppender("order_items"))
        {
            foreach (var record in input.OrderEvents)
            {
                if (InputParser.Order(record, out var problem) is not { } e)
                {
                    rejected.Add(new RejectedRecord(input.Topics.OrderEvents, record.Partition, record.Offset, problem));
                    continue;
                }

                orders.CreateRow().AppendValue(e.Part).AppendValue(e.Off).AppendValue(e.EventId).AppendValue(e.OrderId).AppendValue(e.UserId)
                    .AppendValue(e.Status).AppendValue(e.TotalAmount).AppendValue(e.T).EndRow();
                foreach (var item in e.Items ?? [])
                {
                    items.CreateRow().AppendValue(e.Part).AppendValue(e.Off).AppendValue(item.Quantity).AppendValue(item.Price).EndRow();
                }
            }
        }

        return rejected;
    }
}
