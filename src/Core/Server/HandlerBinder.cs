using System.Linq.Expressions;
using System.Reflection;

namespace SocketIO;

/// <summary>
/// Compiles a user delegate into an event handler once, at registration. Parameters are bound by
/// type: <see cref="Socket"/>, <see cref="SocketEvent"/>, <see cref="SocketArgs"/> and <see cref="Ack"/>
/// are supplied; any other parameter takes the next event argument, deserialized to its type. A
/// returned value (or awaited result) is sent as the ack when the client asked for one.
/// </summary>
internal static class HandlerBinder
{
    public static Func<SocketEvent, ValueTask> Bind(Delegate handler)
    {
        var method = handler.Method;
        var e = Expression.Parameter(typeof(SocketEvent), "e");
        var args = new List<Expression>();
        var argIndex = 0;
        foreach (var p in method.GetParameters())
        {
            var t = p.ParameterType;
            if (t == typeof(SocketEvent)) args.Add(e);
            else if (t == typeof(Socket)) args.Add(Expression.Property(e, nameof(SocketEvent.Socket)));
            else if (t == typeof(SocketArgs)) args.Add(Expression.Property(e, nameof(SocketEvent.Args)));
            else if (t == typeof(Ack)) args.Add(Expression.Property(e, nameof(SocketEvent.Ack)));
            else if (t == typeof(CancellationToken)) args.Add(Expression.Constant(CancellationToken.None));
            else
            {
                var get = typeof(SocketArgs).GetMethod(nameof(SocketArgs.Get), 1, [typeof(int)])!.MakeGenericMethod(t);
                args.Add(Expression.Call(Expression.Property(e, nameof(SocketEvent.Args)), get, Expression.Constant(argIndex++)));
            }
        }
        Expression call = Expression.Invoke(Expression.Constant(handler), args);
        var ret = method.ReturnType;
        Expression body;
        if (ret == typeof(void))
            body = Expression.Block(call, Expression.Default(typeof(ValueTask)));
        else if (ret == typeof(ValueTask))
            body = call;
        else if (ret == typeof(Task))
            body = Expression.New(typeof(ValueTask).GetConstructor([typeof(Task)])!, call);
        else if (ret.IsGenericType && ret.GetGenericTypeDefinition() == typeof(Task<>))
            body = Expression.Call(Helper(nameof(AckAfterTask), ret.GetGenericArguments()[0]), call, e);
        else if (ret.IsGenericType && ret.GetGenericTypeDefinition() == typeof(ValueTask<>))
            body = Expression.Call(Helper(nameof(AckAfterValueTask), ret.GetGenericArguments()[0]), call, e);
        else
            body = Expression.Call(Helper(nameof(AckNow), ret), call, e);
        return Expression.Lambda<Func<SocketEvent, ValueTask>>(body, e).Compile();
    }

    private static MethodInfo Helper(string name, Type t) =>
        typeof(HandlerBinder).GetMethod(name, BindingFlags.NonPublic | BindingFlags.Static)!.MakeGenericMethod(t);

    private static ValueTask AckNow<T>(T result, SocketEvent e)
    {
        if (e.HasAck)
            e.Ack([result]);
        return ValueTask.CompletedTask;
    }

    private static async ValueTask AckAfterTask<T>(Task<T> task, SocketEvent e) => await AckNow(await task.ConfigureAwait(false), e).ConfigureAwait(false);

    private static async ValueTask AckAfterValueTask<T>(ValueTask<T> task, SocketEvent e) => await AckNow(await task.ConfigureAwait(false), e).ConfigureAwait(false);
}
