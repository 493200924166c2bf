// Offsets ↔ 0-based line/character positions (UTF-16 code units, as LSP and SPEC §7.3).

import type { Span } from '../../grammar/syntax-tree';

export interface Position {
  line: number;
  character: number;
}

export interface Range {
  start: Position;
  end: Position;
}

export class LineIndex {
  private readonly lineStarts: number[];

  constructor(readonly text: string) {
    const starts = [0];
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 10 /* \n */) starts.push(i + 1);
      else if (c === 13 /* \r */) {
        if (text.charCodeAt(i + 1) === 10) i++;
        starts.push(i + 1);
      }
    }
    this.lineStarts = starts;
  }

  get lineCount(): number {
    return this.lineStarts.length;
  }

  position(offset: number): Position {
    const clamped = Math.max(0, Math.min(offset, this.text.length));
    let low = 0;
    let high = this.lineStarts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (this.lineStarts[mid]! <= clamped) low = mid;
      else high = mid - 1;
    }
    return { line: low, character: clamped - this.lineStarts[low]! };
  }

  /**
   * The offset of a position. A character past the end of its line is the end of the line's
   * content, before its \n, \r\n or \r (LSP: "it defaults back to the line length"), never the
   * start of the next line (a hover past the end of a line read the next line's word) nor
   * between a \r and its \n.
   */
  offset(position: Position): number {
    if (position.line < 0) return 0;
    if (position.line >= this.lineStarts.length) return this.text.length;
    const start = this.lineStarts[position.line]!;
    return Math.min(start + Math.max(0, position.character), this.lineEnd(position.line));
  }

  /** The offset where a line's content ends: before its line break, or the end of the text on the last line. */
  private lineEnd(line: number): number {
    if (line + 1 >= this.lineStarts.length) return this.text.length;
    const next = this.lineStarts[line + 1]!;
    return this.text.charCodeAt(next - 1) === 10 /* \n */ && this.text.charCodeAt(next - 2) === 13 /* \r */ ? next - 2 : next - 1;
  }

  range(span: Span): Range {
    return { start: this.position(span.start), end: this.position(span.end) };
  }

  /** 1-based line number of an offset (for `file:line` references). */
  lineNumber(offset: number): number {
    return this.position(offset).line + 1;
  }
}
