// Walks one chunk's invalid UTF-8 marks (../text/utf8-stream) alongside a splitter that
// cuts the chunk into records from its start to its end: each record asks for the
// first mark before its end, and the marks it covers are passed. Valid chunks (no
// marks) cost one comparison per record.

import type { InvalidUtf8Mark } from '../text/utf8-stream';

const NONE: readonly InvalidUtf8Mark[] = [];

export class InvalidUtf8Cursor {
  private marks: readonly InvalidUtf8Mark[] = NONE;
  private next = 0;

  /** A new chunk's marks, in text order. */
  reset(marks: readonly InvalidUtf8Mark[] = NONE): void {
    this.marks = marks;
    this.next = 0;
  }

  /** The first mark not yet passed whose offset is below `end`; passes every such mark. */
  firstBefore(end: number): InvalidUtf8Mark | undefined {
    const marks = this.marks;
    if (this.next >= marks.length || marks[this.next]!.offset >= end) return undefined;
    const first = marks[this.next]!;
    while (this.next < marks.length && marks[this.next]!.offset < end) this.next++;
    return first;
  }
}
