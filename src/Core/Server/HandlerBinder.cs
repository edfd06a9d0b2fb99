using System.Linq.Expressions;
using System.Reflection;
using Microsoft.Extensions.DependencyInjection;
using SocketIO.Serialization;

namespace SocketIO;

/// <summary>
/// Compiles a user delegate into an event handler once, at registration. Parameters are bound by
/// type: <see cref="Socket"/>, <see cref="SocketEvent"/>, <see cref="SocketArgs"/>, <see cref="Ack"/>
/// and <see cref="CancellationToken"/> (cancelled when the socket disconnects) are supplied; a type
/// registered in DI is resolved from a scope created for the event; any other parameter takes the
/// next event argument, checked and deserialized to its type. See <see cref="Socket.On(string, Delegate)"/>
/// for when the result becomes the ack.
/// </summary>
internal static class HandlerBinder
{
    private static readonly MethodInfo GetRequiredService =
        typeof(ServiceProviderServiceExtensions).GetMethod(nameof(ServiceProviderServiceExtensions.GetRequiredService), [typeof(IServiceProvider), typeof(Type)])!;

    public static Func<SocketEvent, ValueTask> Bind(Delegate handler, IServiceProvider? services)
    {
        var method = handler.Method;
        var e = Expression.Parameter(typeof(SocketEvent), "e");
        var scope = Expression.Parameter(typeof(IServiceProvider), "scope");
        var isService = services?.GetService<IServiceProviderIsService>();
        var nullability = new NullabilityInfoContext();
        var args = new List<Expression>();
        var argIndex = 0;
        var acksExplicitly = false;
        var usesServices = false;
        foreach (var p in method.GetParameters())
        {
            var t = p.ParameterType;
            if (t == typeof(SocketEvent)) args.Add(e);
            else if (t == typeof(Socket)) args.Add(Expression.Property(e, nameof(SocketEvent.Socket)));
            else if (t == typeof(SocketArgs)) args.Add(Expression.Property(e, nameof(SocketEvent.Args)));
            else if (t == typeof(Ack))
            {
                acksExplicitly = true;
                args.Add(Expression.Property(e, nameof(SocketEvent.Ack)));
            }
            else if (t == typeof(CancellationToken))
                args.Add(Expression.Property(Expression.Property(e, nameof(SocketEvent.Socket)), nameof(Socket.DisconnectToken)));
            else if (isService?.IsService(t) == true)
            {
                usesServices = true;
                args.Add(Expression.Convert(Expression.Call(GetRequiredService, scope, Expression.Constant(t, typeof(Type))), t));
            }
            else
            {
                var spec = new ArgumentSpec(p, argIndex++, nullability);
                var read = typeof(HandlerArguments).GetMethod(nameof(HandlerArguments.Read))!.MakeGenericMethod(t);
                args.Add(Expression.Call(read, e, Expression.Constant(spec)));
            }
        }
        var call = Expression.Invoke(Expression.Constant(handler), args);
        var body = Complete(call, method.ReturnType, e, ackResult: !acksExplicitly);
        var compiled = Expression.Lambda<Func<SocketEvent, IServiceProvider?, ValueTask>>(body, e, scope).Compile();
        if (!usesServices)
            return ev => Invoke(compiled, ev);
        var scopes = services!.GetRequiredService<IServiceScopeFactory>();
        return ev => InvokeScopedAsync(compiled, scopes, ev);
    }

    private static ValueTask Invoke(Func<SocketEvent, IServiceProvider?, ValueTask> compiled, SocketEvent e)
    {
        try
        {
            return compiled(e, null);
        }
        catch (InvalidArgumentException ex)
        {
            HandlerArguments.Reject(e, ex);
            return ValueTask.CompletedTask;
        }
    }

    /// <summary>Services in handler parameters live for one event: the scope ends when the handler's task does.</summary>
    private static async ValueTask InvokeScopedAsync(Func<SocketEvent, IServiceProvider?, ValueTask> compiled, IServiceScopeFactory scopes, SocketEvent e)
    {
        var scope = scopes.CreateAsyncScope();
        await using (scope.ConfigureAwait(false))
        {
            ValueTask pending;
            try
            {
                pending = compiled(e, scope.ServiceProvider);
            }
            catch (InvalidArgumentException ex)
            {
                HandlerArguments.Reject(e, ex);
                return;
            }
            await pending.ConfigureAwait(false);
        }
    }

    /// <summary>Turns the call into a <see cref="ValueTask"/>, sending its result as the ack when it is one.</summary>
    private static Expression Complete(Expression call, Type ret, ParameterExpression e, bool ackResult)
    {
        if (ret == typeof(void))
            return Expression.Block(call, Expression.Default(typeof(ValueTask)));
        if (ret == typeof(ValueTask))
            return call;
        if (ret == typeof(Task))
            return Expression.New(typeof(ValueTask).GetConstructor([typeof(Task)])!, call);
        if (ret.IsGenericType && ret.GetGenericTypeDefinition() == typeof(Task<>))
        {
            var result = ret.GetGenericArguments()[0];
            return IsAck(result, ackResult)
                ? Expression.Call(Helper(nameof(AckAfterTask), result), call, e)
                : Expression.New(typeof(ValueTask).GetConstructor([typeof(Task)])!, Expression.Convert(call, typeof(Task)));
        }
        if (ret.IsGenericType && ret.GetGenericTypeDefinition() == typeof(ValueTask<>))
        {
            var result = ret.GetGenericArguments()[0];
            return Expression.Call(Helper(IsAck(result, ackResult) ? nameof(AckAfterValueTask) : nameof(Discard), result), call, e);
        }
        return IsAck(ret, ackResult)
            ? Expression.Call(Helper(nameof(AckNow), ret), call, e)
            : Expression.Block(call, Expression.Default(typeof(ValueTask)));
    }

    private static bool IsAck(Type result, bool ackResult) => ackResult && !IsRuntimeObject(result);

    /// <summary>
    /// The server's own objects (<see cref="Socket"/>, <see cref="BroadcastOperator"/>, <see cref="Namespace"/>, …)
    /// come back from fluent calls such as <c>socket.Join(room)</c>; they are never data for the client.
    /// Received arguments (<see cref="SocketArgs"/>, <see cref="RawValue"/>) are, so they can be echoed.
    /// </summary>
    internal static bool IsRuntimeObject(Type type) =>
        type.Assembly == typeof(Socket).Assembly && type != typeof(SocketArgs) && type != typeof(RawValue);

    private static MethodInfo Helper(string name, Type t) =>
        typeof(HandlerBinder).GetMethod(name, BindingFlags.NonPublic | BindingFlags.Static)!.MakeGenericMethod(t);

    private static ValueTask AckNow<T>(T result, SocketEvent e)
    {
        // The declared type may be object or an interface: check what was actually returned, too.
        if (e.HasAck && (result is null || !IsRuntimeObject(result.GetType())))
            e.Ack([result]);
        return ValueTask.CompletedTask;
    }

    private static async ValueTask AckAfterTask<T>(Task<T> task, SocketEvent e) => await AckNow(await task.ConfigureAwait(false), e).ConfigureAwait(false);

    private static async ValueTask AckAfterValueTask<T>(ValueTask<T> task, SocketEvent e) => await AckNow(await task.ConfigureAwait(false), e).ConfigureAwait(false);

    private static ValueTask Discard<T>(ValueTask<T> task, SocketEvent e) => task.IsCompletedSuccessfully ? ValueTask.CompletedTask : new ValueTask(task.AsTask());
}
