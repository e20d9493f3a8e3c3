using Streaming.Ctl.Http;

namespace Streaming.Ctl.Tests;

public sealed class ProblemDocumentTests
{
    [Fact]
    public void A_validation_problem_reads_as_its_title_and_detail_then_each_field_message()
    {
        var problem = ProblemDocument.Parse("""
            {"type":"https://streaming.dev/problems/validation","title":"Invalid request","status":400,"detail":"Nothing was reset.",
             "errors":{"topic":["'x' is not an input topic; use one of user_events, order_events"],"partition":["must be 0 or more","a partition needs its topic"]}}
            """);
        Assert.NotNull(problem);
        Assert.Equal(
            [
                "Invalid request (400): Nothing was reset.",
                "  topic: 'x' is not an input topic; use one of user_events, order_events",
                "  partition: must be 0 or more",
                "  partition: a partition needs its topic",
            ],
            problem.Lines(400));
    }

    [Fact]
    public void A_problem_without_detail_or_status_still_reads_as_one_line()
    {
        Assert.Equal(["No engine (503)."], ProblemDocument.Parse("""{"title":"No engine"}""")!.Lines(503));
        Assert.Equal(["The node refused the request (409): busy"], ProblemDocument.Parse("""{"detail":"busy"}""")!.Lines(409));
    }

    [Fact]
    public void Lists_of_names_a_problem_carries_are_shown_and_other_extensions_are_not()
    {
        var problem = ProblemDocument.Parse("""
            {"title":"Partitions being processed","status":409,"detail":"user_events-0 is being processed by node a",
             "reset":["user_events-1"],"refused":[{"partition_id":"user_events-0","reason":"is being processed by node a"}],"traceId":"00-ab"}
            """)!;
        Assert.Equal(["Partitions being processed (409): user_events-0 is being processed by node a", "  reset: user_events-1"], problem.Lines(409));
    }

    [Theory]
    [InlineData("")]
    [InlineData("<html><body>Bad gateway</body></html>")]
    [InlineData("""{"status":"healthy","dependencies":{}}""")]
    [InlineData("""["title"]""")]
    public void A_body_that_is_no_problem_document_is_not_taken_for_one(string body) => Assert.Null(ProblemDocument.Parse(body));
}
