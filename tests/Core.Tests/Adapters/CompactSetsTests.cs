using SocketIO.Adapters;

namespace SocketIO.Tests.Adapters;

/// <summary>The compact tables behind rooms and per-connection lookups behave as the collections they replace.</summary>
public class CompactSetsTests
{
    [Fact]
    public void RoomSet_moves_between_one_inline_member_and_a_hash_set_without_losing_any()
    {
        var set = new RoomSet();
        Assert.Equal(0, set.Count);
        Assert.Empty(set);
        Assert.True(set.Add("a"));
        Assert.False(set.Add("a"));
        Assert.Equal(["a"], set);
        for (var i = 0; i < 20; i++)
            Assert.True(set.Add("r" + i));
        Assert.Equal(21, set.Count);
        Assert.True(set.Contains("r7"));
        Assert.False(set.Contains("A"));
        for (var i = 0; i < 20; i++)
            Assert.True(set.Remove("r" + i));
        Assert.False(set.Remove("r0"));
        // Back to one member, then none: the same answers as a HashSet would give.
        Assert.Equal(["a"], set);
        Assert.True(set.Contains("a"));
        Assert.True(set.Remove("a"));
        Assert.Equal(0, set.Count);
        Assert.False(set.Contains("a"));
        Assert.True(set.Add("b"));
        Assert.Equal(["b"], set);
    }

    [Fact]
    public void NameMap_is_immutable_and_answers_like_a_dictionary_below_and_above_its_array_limit()
    {
        var expected = new Dictionary<string, string>(StringComparer.Ordinal);
        var map = NameMap<string>.Empty;
        var snapshots = new List<(NameMap<string> Map, Dictionary<string, string> State)>();
        for (var i = 0; i < 20; i++)
        {
            map = map.With("k" + i, "v" + i);
            expected["k" + i] = "v" + i;
            snapshots.Add((map, new Dictionary<string, string>(expected)));
        }
        map = map.With("k3", "replaced");
        expected["k3"] = "replaced";
        for (var i = 19; i >= 0; i -= 2)
        {
            map = map.Without("k" + i);
            expected.Remove("k" + i);
            Assert.Same(map, map.Without("k" + i));
        }
        Check(map, expected);
        // Every earlier version still reads as it did.
        foreach (var (old, state) in snapshots)
            Check(old, state);

        static void Check(NameMap<string> map, Dictionary<string, string> expected)
        {
            Assert.Equal(expected.Count, map.Count);
            Assert.Equal(expected.Values.Order(), map.Values().Order());
            foreach (var (key, value) in expected)
                Assert.Equal(value, map.GetValueOrDefault(key));
            Assert.False(map.TryGetValue("K0", out _));
        }
    }
}
