/// The starter project's schema. Module stats summarizes numbers: it asks
/// module adder for their sum and logs a line through the host (interface
/// Log, which the host implements). `npm start` generates the code, builds
/// both guests and runs the host in copy and in shared memory.
karmem app;

/// Numbers to work on.
struct Numbers table {
    Values []int32;
}

/// What adder answers.
struct Sum table {
    Total int64;
    Count uint32;
}

/// What stats answers.
struct Summary table {
    Total int64;
    Count uint32;
    Mean  float64;
    Max   int32;
}

/// One line for the host's log.
struct Line table {
    Text []char;
}

/// Adds numbers up.
interface Adder {
    Add(Numbers) Sum;
}

/// Describes numbers.
interface Stats {
    Summarize(Numbers) Summary;
}

/// Lines for a log.
interface Log {
    Write(Line);
}

module adder implements Adder;
module stats implements Stats imports Adder from adder, Log;
