// The tests stop and start the servers they share, kill processes and measure real time: one at a time.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
