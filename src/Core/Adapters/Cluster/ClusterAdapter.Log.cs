using Microsoft.Extensions.Logging;

namespace SocketIO.Adapters.Cluster;

public abstract partial class ClusterAdapter
{
    private static partial class Log
    {
        [LoggerMessage(310, LogLevel.Debug, "Namespace {Nsp}: dropped a {Type} message for namespace {Other}")]
        public static partial void WrongNamespace(ILogger logger, string nsp, ClusterMessageType type, string other);

        [LoggerMessage(311, LogLevel.Warning, "Namespace {Nsp}: dropped a cluster message of unknown type {Type}")]
        public static partial void UnknownType(ILogger logger, string nsp, int type);

        [LoggerMessage(312, LogLevel.Warning, "Namespace {Nsp}: handling a {Type} message from node {Uid} failed")]
        public static partial void MessageFailed(ILogger logger, string nsp, ClusterMessageType type, string uid, Exception ex);

        [LoggerMessage(313, LogLevel.Warning, "Namespace {Nsp}: publishing {Type} failed: {Error}")]
        public static partial void ResponseFailed(ILogger logger, string nsp, ClusterMessageType type, string error);

        [LoggerMessage(314, LogLevel.Information, "Namespace {Nsp}: node {Uid} joined the cluster")]
        public static partial void NodeJoined(ILogger logger, string nsp, string uid);

        [LoggerMessage(315, LogLevel.Information, "Namespace {Nsp}: node {Uid} left the cluster (closed or silent past the heartbeat timeout)")]
        public static partial void NodeLeft(ILogger logger, string nsp, string uid);

        [LoggerMessage(316, LogLevel.Warning, "Namespace {Nsp}: counting the cluster's servers failed: {Error}")]
        public static partial void LivenessCheckFailed(ILogger logger, string nsp, string error);
    }
}
