using SocketIO.Protocol;

namespace SocketIO.Adapters.Cluster;

public abstract partial class ClusterAdapter
{
    /// <summary>
    /// Handles a message from another node: drops this node's own and other namespaces' messages, tracks
    /// the sender's liveness, and acts on the rest. A response type is passed on to <see cref="OnResponse"/>,
    /// as Node's plug-ins may not tell the two apart. Never throws.
    /// </summary>
    /// <param name="message">The decoded message.</param>
    /// <param name="offset">The broker's offset of the message, where it has one (connection state recovery).</param>
    protected void OnMessage(ClusterMessage message, string? offset = null)
    {
        if (IsClosed || message.Uid == Uid)
            return;
        if (message.Namespace != Host.Name)
        {
            Log.WrongNamespace(_logger, Host.Name, message.Type, message.Namespace);
            return;
        }
        try
        {
            if (Options.UseHeartbeat && message.Uid.Length > 0 && message.Uid != EmitterUid)
                SawNode(message.Uid);
            Handle(message, offset);
        }
        catch (Exception ex)
        {
            Log.MessageFailed(_logger, Host.Name, message.Type, message.Uid, ex);
        }
    }

    private void Handle(ClusterMessage message, string? offset)
    {
        var options = message.Options ?? BroadcastOptions.All;
        switch (message.Type)
        {
            case ClusterMessageType.InitialHeartbeat:
                if (Options.UseHeartbeat)
                    _ = PublishLoggedAsync(new ClusterMessage { Type = ClusterMessageType.Heartbeat });
                break;
            case ClusterMessageType.Heartbeat:
                break;
            case ClusterMessageType.AdapterClose:
                RemoveNode(message.Uid);
                break;
            case ClusterMessageType.Broadcast:
                OnBroadcast(message, options, offset);
                break;
            case ClusterMessageType.SocketsJoin:
                AddSocketsLocal(options, message.Rooms ?? []);
                break;
            case ClusterMessageType.SocketsLeave:
                DeleteSocketsLocal(options, message.Rooms ?? []);
                break;
            case ClusterMessageType.DisconnectSockets:
                DisconnectSocketsLocal(options, message.Close);
                break;
            case ClusterMessageType.FetchSockets when message.RequestId is { } requestId:
                Respond(message.Uid, new ClusterMessage { Type = ClusterMessageType.FetchSocketsResponse, RequestId = requestId, Sockets = FetchLocal(options) });
                break;
            case ClusterMessageType.AllRooms when message.RequestId is { } requestId:
                Respond(message.Uid, new ClusterMessage { Type = ClusterMessageType.AllRoomsResponse, RequestId = requestId, Rooms = [.. RoomSizes().Keys] });
                break;
            case ClusterMessageType.ServerSideEmit:
                OnServerSideEmit(message);
                break;
            default:
                if (message.IsResponse)
                    OnResponse(message);
                else
                    Log.UnknownType(_logger, Host.Name, (int)message.Type);
                break;
        }
    }

    private void OnBroadcast(ClusterMessage message, BroadcastOptions options, string? offset)
    {
        if (message.Data is null)
            return;
        var packet = new SocketPacket(PacketType.Event, Host.Name, message.Data);
        if (message.RequestId is not { } requestId)
        {
            // socket.io-adapter's addOffsetIfNecessary: the offset the broker gave the message, when it has one.
            BroadcastLocal(packet, options, string.IsNullOrEmpty(offset) ? null : offset);
            return;
        }
        // The requester counts every node's client count (0 included) and then each client's ack.
        var requester = message.Uid;
        BroadcastWithAckLocal(packet, options,
            count => Respond(requester, new ClusterMessage { Type = ClusterMessageType.BroadcastClientCount, RequestId = requestId, ClientCount = count }),
            args => Respond(requester, new ClusterMessage { Type = ClusterMessageType.BroadcastAck, RequestId = requestId, Data = args }));
    }

    private void OnServerSideEmit(ClusterMessage message)
    {
        if (message.Data is null)
            return;
        if (message.RequestId is not { } requestId)
        {
            Host.OnServerSideEmit(message.Data, null);
            return;
        }
        var requester = message.Uid;
        // The host calls the ack once at most; the reply carries the first argument.
        Host.OnServerSideEmit(message.Data, args =>
            Respond(requester, new ClusterMessage { Type = ClusterMessageType.ServerSideEmitResponse, RequestId = requestId, Data = args }));
    }

    /// <summary>Handles a response to one of this node's requests; unknown request ids are ignored. Never throws.</summary>
    protected void OnResponse(ClusterMessage response)
    {
        if (IsClosed || response.RequestId is not { } requestId)
            return;
        try
        {
            switch (response.Type)
            {
                case ClusterMessageType.BroadcastClientCount:
                    if (TryGetAckRequest(requestId, out var countRequest))
                        countRequest.ClientCount(response.ClientCount);
                    break;
                case ClusterMessageType.BroadcastAck:
                    if (TryGetAckRequest(requestId, out var ackRequest))
                        ackRequest.Ack(response.Data);
                    break;
                case ClusterMessageType.FetchSocketsResponse:
                    var sockets = response.Sockets ?? [];
                    var node = response.Uid.Length > 0 ? response.Uid : null;
                    AddResponse(requestId, response.Uid, sockets.Select(s => (object?)(s with { NodeId = node })));
                    break;
                case ClusterMessageType.ServerSideEmitResponse:
                    AddResponse(requestId, response.Uid, [response.Data]);
                    break;
                case ClusterMessageType.AllRoomsResponse:
                    AddResponse(requestId, response.Uid, (response.Rooms ?? []).Select(r => (object?)r));
                    break;
                default:
                    Log.UnknownType(_logger, Host.Name, (int)response.Type);
                    break;
            }
        }
        catch (Exception ex)
        {
            Log.MessageFailed(_logger, Host.Name, response.Type, response.Uid, ex);
        }
    }

    private async Task PublishLoggedAsync(ClusterMessage message)
    {
        try
        {
            await PublishOrThrowAsync(message).ConfigureAwait(false);
        }
        catch (AdapterException ex)
        {
            Log.ResponseFailed(_logger, Host.Name, message.Type, ex.Message);
        }
    }
}
