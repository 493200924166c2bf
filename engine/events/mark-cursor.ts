// Walks one chunk's marks (places found in the chunk's text before it is split: invalid
// UTF-8 from ../text/utf8-stream, long digit runs from ./exact-integers) alongside a
// splitter that cuts the chunk into records from its start to its end: each record
// asks for the first mark before its end, and the marks it covers are passed. A chunk
// without marks costs one comparison per record.

const NONE: readonly never[] = [];

export class MarkCursor<Mark extends { offset: number }> {
  private marks: readonly Mark[] = NONE;
  private next = 0;

  /** A new chunk's marks, in text order. */
  reset(marks: readonly Mark[] = NONE): void {
    this.marks = marks;
    this.next = 0;
  }

  /** The first mark not yet passed whose offset is below `end`; passes every such mark. */
  firstBefore(end: number): Mark | undefined {
    const marks = this.marks;
    if (this.next >= marks.length || marks[this.next]!.offset >= end) return undefined;
    const first = marks[this.next]!;
    while (this.next < marks.length && marks[this.next]!.offset < end) this.next++;
    return first;
  }
}
