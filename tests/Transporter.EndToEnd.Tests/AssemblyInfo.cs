// The end-to-end tests measure real time (bandwidth, pause within 2 s) and kill processes: one at a time.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
