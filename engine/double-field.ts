// The first value of a class field that will hold doubles (times, sums), where 0 is
// the value it starts with.
//
// Why: V8 gives a field the representation of its first value. A field first holding
// the small integer 0 is an integer field; the first double stored in it changes the
// field to a double one, which replaces the hidden class of the object and of every
// class derived from it, and throws away the optimised code of every method that read
// such an object (the JSON projection's lineTime: 21 hidden classes replaced and the
// optimised code of 8 methods thrown away, on each thread, as the first range was read;
// `--trace-generalization` and `--trace-deopt`, docs/dev/benchmarks.md). -0 is a double, never a small integer,
// and equal to 0 in every comparison and sum.

export const DOUBLE_ZERO = -0;
