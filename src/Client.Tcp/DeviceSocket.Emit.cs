using SocketIO.Protocol;

namespace SocketIO.DeviceClient;

public sealed partial class DeviceSocket
{
    /// <summary>
    /// Sends an event. While the socket is not connected the event is kept (up to
    /// <see cref="SocketIOTcpClientOptions.MaxBufferedEmits"/>) and sent once it is, as socket.io-client does.
    /// </summary>
    public void Emit(string eventName, params object?[] args) =>
        SendOrBuffer(new SocketPacket(PacketType.Event, Namespace, _client.Serializer.WriteEvent(eventName, args)));

    /// <summary>Sends an event and waits for the server's ack, up to <see cref="SocketIOTcpClientOptions.AckTimeout"/>.</summary>
    /// <exception cref="TimeoutException">No ack arrived in time.</exception>
    public Task<DeviceArgs> EmitWithAckAsync(string eventName, params object?[] args) =>
        EmitWithAckAsync(eventName, _client.Options.AckTimeout, args);

    /// <summary>Sends an event and waits up to <paramref name="timeout"/> for the server's ack.</summary>
    /// <exception cref="TimeoutException">No ack arrived in time.</exception>
    public async Task<DeviceArgs> EmitWithAckAsync(string eventName, TimeSpan timeout, params object?[] args)
    {
        var id = Interlocked.Increment(ref _nextAckId) - 1;
        var pending = new TaskCompletionSource<DeviceArgs>(TaskCreationOptions.RunContinuationsAsynchronously);
        _acks[id] = pending;
        SendOrBuffer(new SocketPacket(PacketType.Event, Namespace, _client.Serializer.WriteEvent(eventName, args), id));
        try
        {
            return await pending.Task.WaitAsync(timeout).ConfigureAwait(false);
        }
        finally
        {
            _acks.TryRemove(id, out _);
        }
    }

    private void SendOrBuffer(SocketPacket packet)
    {
        lock (_buffer)
        {
            if (!Connected || _buffer.Count > 0)
            {
                if (_buffer.Count >= _client.Options.MaxBufferedEmits)
                    _buffer.Dequeue();
                _buffer.Enqueue(packet);
                return;
            }
        }
        _client.Send(packet);
    }

    private void FlushBuffer()
    {
        lock (_buffer)
        {
            while (_buffer.TryDequeue(out var packet))
                _client.Send(packet);
        }
    }
}
