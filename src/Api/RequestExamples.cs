namespace Streaming.Api;

/// <summary>The request bodies the README and /docs show; valid per SPEC §1.</summary>
public static class RequestExamples
{
    public const string UserEvent = """
        {"user_id":"user_123","event_type":"page_view","page_url":"/products/laptop-15","timestamp":"2026-11-25T10:00:00Z","metadata":{"device":"mobile","location":"Seoul","session_id":"s-42"}}
        """;

    public const string ProductEvent = """
        {"product_id":"prod_456","action":"purchase","user_id":"user_123","session_id":"s-42","quantity":2,"timestamp":"2026-11-25T10:01:00Z","properties":{"category":"electronics","price":1250000,"brand":"Acme"}}
        """;

    public const string OrderEvent = """
        {"order_id":"order_789","user_id":"user_123","status":"created","total_amount":2500000,"currency":"KRW","items":[{"product_id":"prod_456","quantity":2,"price":1250000}],"shipping_address":{"city":"Seoul","district":"Gangnam"},"payment_method":"card","timestamp":"2026-11-25T10:02:00Z"}
        """;
}
