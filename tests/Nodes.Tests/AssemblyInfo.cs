// Node tests start whole nodes, brokers and PostgreSQL servers; running them one class at a time
// keeps a 2-core CI machine from starving the crash tests' nodes into timeouts.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
