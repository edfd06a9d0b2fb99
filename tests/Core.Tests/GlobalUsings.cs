global using Xunit;
global using SocketIO.TestSupport;
