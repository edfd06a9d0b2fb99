using System.Text.RegularExpressions;
using SocketIO.Tests.Support;

namespace SocketIO.Tests.Server;

/// <summary>docs/protocol.md#dynamic-namespaces: with several parents, matchers run one at a time in registration order until one accepts.</summary>
public class NamespaceResolutionTests
{
    private static readonly Regex Anything = new("^/.+$");

    private sealed class CallLog
    {
        private readonly List<string> _calls = [];

        public void Add(string call)
        {
            lock (_calls)
                _calls.Add(call);
        }

        public string[] Calls
        {
            get
            {
                lock (_calls)
                    return [.. _calls];
            }
        }
    }

    [Fact]
    public async Task First_registered_accepting_parent_wins()
    {
        var io = ServerFactory.Create();
        var log = new CallLog();
        var first = io.Of((name, _) =>
        {
            log.Add("first");
            return true;
        });
        var second = io.Of((name, _) =>
        {
            log.Add("second");
            return true;
        });
        first.OnConnection(s => s.Emit("by", "first"));
        second.OnConnection(s => s.Emit("by", "second"));
        var client = await TestClient.OpenAsync(io);

        await client.ConnectAsync("/x");

        Assert.Equal("42/x,[\"by\",\"first\"]", await client.NextAsync());
        Assert.Same(first, io.Namespaces["/x"].Parent);
        Assert.Equal(["first"], log.Calls);
    }

    [Fact]
    public async Task First_registered_regex_wins_over_a_later_function()
    {
        var io = ServerFactory.Create();
        var regex = io.Of(Anything);
        var function = io.Of((_, _) => true);
        var client = await TestClient.OpenAsync(io);

        await client.ConnectAsync("/x");

        Assert.Same(regex, io.Namespaces["/x"].Parent);
        Assert.Empty(function.Children);
    }

    [Fact]
    public async Task Rejecting_parent_falls_through_to_the_next()
    {
        var io = ServerFactory.Create();
        var log = new CallLog();
        io.Of(async (name, _) =>
        {
            await Task.Yield();
            log.Add("rejecting " + name);
            return false;
        });
        var accepting = io.Of((name, _) =>
        {
            log.Add("accepting " + name);
            return true;
        });
        var client = await TestClient.OpenAsync(io);

        await client.ConnectAsync("/x");

        Assert.Same(accepting, io.Namespaces["/x"].Parent);
        Assert.Equal(["rejecting /x", "accepting /x"], log.Calls);
    }

    [Fact]
    public async Task Throwing_predicate_goes_to_the_next_parent()
    {
        // SIO/index.ts _checkNamespace: an error from a matcher is treated like a refusal.
        var io = ServerFactory.Create();
        var log = new CallLog();
        io.Of((Func<string, System.Text.Json.JsonElement, bool>)((_, _) =>
        {
            log.Add("sync throws");
            throw new InvalidOperationException("sync");
        }));
        io.Of(async (name, _) =>
        {
            await Task.Yield();
            log.Add("async throws");
            throw new InvalidOperationException("async");
        });
        io.Of((Func<string, System.Text.Json.JsonElement, ValueTask<bool>>)((_, _) =>
        {
            log.Add("throws before returning");
            throw new InvalidOperationException("eager");
        }));
        var accepting = io.Of((_, _) => true);
        var client = await TestClient.OpenAsync(io);

        await client.ConnectAsync("/x");

        Assert.Same(accepting, io.Namespaces["/x"].Parent);
        Assert.Equal(["sync throws", "async throws", "throws before returning"], log.Calls);
        Assert.False(client.Session.IsClosed);
    }

    [Fact]
    public async Task Regex_and_function_parents_interleave_in_registration_order()
    {
        var io = ServerFactory.Create();
        var log = new CallLog();
        io.Of((name, _) =>
        {
            log.Add("f1 " + name);
            return false;
        });
        var rooms = io.Of(new Regex("^/room-"));
        var f2 = io.Of((name, _) =>
        {
            log.Add("f2 " + name);
            return name != "/nobody";
        });
        var last = io.Of(Anything);
        var client = await TestClient.OpenAsync(io);

        await client.ConnectAsync("/room-1");
        await client.ConnectAsync("/other");
        await client.ConnectAsync("/nobody");

        Assert.Same(rooms, io.Namespaces["/room-1"].Parent);
        Assert.Same(f2, io.Namespaces["/other"].Parent);
        Assert.Same(last, io.Namespaces["/nobody"].Parent);
        Assert.Equal(["f1 /room-1", "f1 /other", "f2 /other", "f1 /nobody", "f2 /nobody"], log.Calls);
    }

    [Fact]
    public async Task No_accepting_parent_gives_invalid_namespace_after_trying_all()
    {
        var io = ServerFactory.Create();
        var log = new CallLog();
        io.Of((name, _) =>
        {
            log.Add("a");
            return false;
        });
        io.Of(new Regex("^/never$"));
        io.Of(async (name, _) =>
        {
            await Task.Yield();
            log.Add("b");
            return false;
        });
        var client = await TestClient.OpenAsync(io);

        client.Send("40/x");

        Assert.Equal("44/x,{\"message\":\"Invalid namespace\"}", await client.NextAsync());
        Assert.Equal(["a", "b"], log.Calls);
        Assert.False(io.Namespaces.ContainsKey("/x"));
    }
}
