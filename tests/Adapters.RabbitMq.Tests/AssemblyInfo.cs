// Each test class starts its own rabbitmq-server, and some tests start node processes too; on a 2-core machine
// running the classes one at a time keeps the heartbeat and request timeouts meaningful.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
