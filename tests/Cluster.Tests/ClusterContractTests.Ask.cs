using SocketIO.Cluster.Tests.Support;

namespace SocketIO.Cluster.Tests;

public sealed partial class ClusterContractTests
{
    [Theory]
    [MemberData(nameof(ClusterCases.All), MemberType = typeof(ClusterCases))]
    public async Task Ask_collects_the_acks_of_clients_on_every_node_sorted(NodeKind first, NodeKind second, string mode)
    {
        await using var cluster = await StartAsync(first, second, mode);
        await cluster.ConnectAsync("a", cluster["A"], new { room = "r" });
        await cluster.ConnectAsync("b", cluster["B"], new { room = "r" });
        await cluster.ConnectAsync("c", cluster["B"], new { room = "r" });
        await cluster.ConnectAsync("outsider", cluster["A"], new { room = "other" });
        await cluster.Clients.AnswerAsync("a", "question", JsAnswer.With("zeta from a"));
        await cluster.Clients.AnswerAsync("b", "question", JsAnswer.With("alpha from b"));
        await cluster.Clients.AnswerAsync("c", "question", JsAnswer.With("mid from c"));
        await cluster.Clients.AnswerAsync("outsider", "question", JsAnswer.With("outsider"));

        foreach (var asker in new[] { "a", "b" })
        {
            var answers = Acks.Strings(await cluster.AckAsync(asker, "ask", "r", new { q = asker }), $"ask from {asker}");
            Assert.Equal(["alpha from b", "mid from c", "zeta from a"], answers);
        }
        var question = await cluster.Clients.WaitForEventAsync("b", "question");
        Assert.Equal("a", question[0].GetProperty("q").GetString());
        Assert.True(question.WantsAck);
        Assert.Empty(cluster.Clients.Events("outsider", "question"));
    }

    [Theory]
    [MemberData(nameof(ClusterCases.All), MemberType = typeof(ClusterCases))]
    public async Task Ask_an_empty_room_answers_an_empty_array_without_waiting_for_the_timeout(NodeKind first, NodeKind second, string mode)
    {
        await using var cluster = await StartAsync(first, second, mode);
        await cluster.ConnectAsync("a", cluster["A"], new { room = "r" });
        await cluster.ConnectAsync("b", cluster["B"], new { room = "r" });

        // A timed-out ask answers { error, partial }; an array proves that nobody waited for the timeout.
        Assert.Empty(Acks.Strings(await cluster.AckAsync("a", "ask", "empty-room", "anyone?"), "ask an empty room from A"));
        Assert.Empty(Acks.Strings(await cluster.AckAsync("b", "ask", "empty-room", "anyone?"), "ask an empty room from B"));
    }

    [Theory]
    [MemberData(nameof(ClusterCases.All), MemberType = typeof(ClusterCases))]
    public async Task Ask_with_a_client_that_never_answers_gives_an_error_and_the_partial_answers(NodeKind first, NodeKind second, string mode)
    {
        await using var cluster = await StartAsync(first, second, mode);
        await cluster.ConnectAsync("a", cluster["A"], new { room = "r" });
        await cluster.ConnectAsync("silent", cluster["B"], new { room = "r" });
        await cluster.ConnectAsync("b", cluster["B"], new { room = "r" });
        await cluster.Clients.AnswerAsync("a", "question", JsAnswer.With("from a"));
        await cluster.Clients.AnswerAsync("b", "question", JsAnswer.With("from b"));

        var ack = await cluster.Clients.EmitWithAckAsync("a", "ask", ["r", "hello?"], TestCluster.ContractTimeout + Repo.Timeout);

        Assert.Equal(["from a", "from b"], Acks.Partial(ack, "ask with a silent client"));
        Assert.True((await cluster.Clients.WaitForEventAsync("silent", "question")).WantsAck);
    }

    [Theory]
    [MemberData(nameof(ClusterCases.All), MemberType = typeof(ClusterCases))]
    public async Task Server_ask_answers_with_the_names_of_the_other_nodes(NodeKind first, NodeKind second, string mode)
    {
        await using var cluster = await StartAsync(first, second, mode);
        await cluster.ConnectAsync("a", cluster["A"]);
        await cluster.ConnectAsync("b", cluster["B"]);

        Assert.Equal(["B"], Acks.Strings(await cluster.AckAsync("a", "server-ask", new { from = "a" }), "server-ask from A"));
        Assert.Equal(["A"], Acks.Strings(await cluster.AckAsync("b", "server-ask", "from b"), "server-ask from B"));
    }
}
