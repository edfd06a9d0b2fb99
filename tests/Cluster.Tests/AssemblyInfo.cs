// Every test starts a redis-server and two or three server processes; on a 2-core machine running them one at a
// time keeps the contract's 3 s timeouts meaningful.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
