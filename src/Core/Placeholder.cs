namespace SocketIO; internal static class Placeholder {}
