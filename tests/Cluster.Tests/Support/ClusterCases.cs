namespace SocketIO.Cluster.Tests.Support;

/// <summary>
/// The theory data of the contract suite: pairs of node kinds × Redis modes. Only kinds whose implementation exists
/// in the repository are generated, so the DotNet cases appear by themselves once samples/Cluster is added
/// (and never as passing stubs before).
/// </summary>
public static class ClusterCases
{
    /// <summary>The Redis modes every contract test runs in (REDIS_MODE).</summary>
    public static readonly string[] Modes = ["classic", "sharded", "streams"];

    /// <summary>
    /// The (first node, second node) pairs of the contract tests: DotNet+DotNet and Node+DotNet. Node+Node checks
    /// the Node implementation itself against the contract; it runs when CLUSTER_REFERENCE_PAIRS=1, to keep
    /// the default run within CI's time.
    /// </summary>
    public static readonly (NodeKind First, NodeKind Second)[] ContractPairs =
    [
        .. Environment.GetEnvironmentVariable("CLUSTER_REFERENCE_PAIRS") == "1" ? [(NodeKind.Node, NodeKind.Node)] : Array.Empty<(NodeKind, NodeKind)>(),
        (NodeKind.DotNet, NodeKind.DotNet),
        (NodeKind.Node, NodeKind.DotNet),
    ];

    /// <summary>
    /// The pairs of the fault tests, where the first node is the survivor whose behaviour is checked:
    /// DotNet+Node adds a .NET survivor next to a Node node.
    /// </summary>
    public static readonly (NodeKind First, NodeKind Second)[] SurvivorPairs = [.. ContractPairs, (NodeKind.DotNet, NodeKind.Node)];

    /// <summary>Every existing contract pair in every mode.</summary>
    public static TheoryData<NodeKind, NodeKind, string> All() => Build(ContractPairs, Modes);

    /// <summary>Every existing contract pair in classic mode only (all-rooms, the redis emitter).</summary>
    public static TheoryData<NodeKind, NodeKind, string> Classic() => Build(ContractPairs, ["classic"]);

    /// <summary>Every existing survivor pair in every mode.</summary>
    public static TheoryData<NodeKind, NodeKind, string> Survivors() => Build(SurvivorPairs, Modes);

    private static TheoryData<NodeKind, NodeKind, string> Build((NodeKind First, NodeKind Second)[] pairs, string[] modes)
    {
        var data = new TheoryData<NodeKind, NodeKind, string>();
        foreach (var (first, second) in pairs)
        {
            if (!ClusterNode.Exists(first) || !ClusterNode.Exists(second))
                continue;
            foreach (var mode in modes)
                data.Add(first, second, mode);
        }
        return data;
    }
}
