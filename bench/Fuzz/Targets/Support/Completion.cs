namespace SocketIO.Fuzz.Support;

/// <summary>Waits for a transport's task with a deadline: a decoder that never finishes on a finite input is a hang.</summary>
internal static class Completion
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(10);

    public static void Wait(Task task, string what)
    {
        if (!task.Wait(Deadline))
            throw new FuzzFailure($"{what} did not finish within {Deadline.TotalSeconds} s on a finite input");
    }
}
