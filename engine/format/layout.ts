// A small Wadler-style layout engine: a document of text, groups and line breaks is
// printed within a width, each group flat (on one line) when it fits and has no
// forced break, broken (every line of the group a newline) otherwise. The formatter
// (./format-rules) builds documents; this module knows nothing of the language.

export type Doc = string | readonly Doc[] | Group | Indent | Line | LineSuffix | Mark | IfBreak | Fill;

interface Group {
  kind: 'group';
  contents: Doc;
}
interface Indent {
  kind: 'indent';
  contents: Doc;
  by: number;
}
interface Line {
  kind: 'line';
  /** Always a newline, and the groups around it break. */
  hard: boolean;
  /** Printed as nothing (not a space) when flat. */
  soft: boolean;
}
/** Text that goes at the end of the current line (a trailing comment); it breaks the groups around it. */
interface LineSuffix {
  kind: 'line-suffix';
  text: string;
}
/** Prints `broken` when the enclosing group is broken, else `flat` (a trailing comma, say). */
interface IfBreak {
  kind: 'if-break';
  broken: Doc;
  flat: Doc;
}
/**
 * Alternating contents and separators (`[a, sep, b, sep, c]`): as many contents on
 * a line as fit, a separator breaking only where the next content would not fit.
 */
interface Fill {
  kind: 'fill';
  parts: readonly Doc[];
  /** The first part still to print (printing advances it instead of copying `parts`). */
  from: number;
}
/** Records the output offset at which it is printed (used for range formatting). */
interface Mark {
  kind: 'mark';
  name: string;
}

export const line: Doc = { kind: 'line', hard: false, soft: false };
export const softline: Doc = { kind: 'line', hard: false, soft: true };
export const hardline: Doc = { kind: 'line', hard: true, soft: false };

export function group(contents: Doc): Doc {
  return { kind: 'group', contents };
}
export function indent(contents: Doc, by = 2): Doc {
  return { kind: 'indent', contents, by };
}
export function lineSuffix(text: string): Doc {
  return { kind: 'line-suffix', text };
}
export function ifBreak(broken: Doc, flat: Doc = ''): Doc {
  return { kind: 'if-break', broken, flat };
}
export function fill(parts: readonly Doc[]): Doc {
  return { kind: 'fill', parts, from: 0 };
}
export function mark(name: string): Doc {
  return { kind: 'mark', name };
}

export function join(separator: Doc, docs: readonly Doc[]): Doc[] {
  const out: Doc[] = [];
  docs.forEach((doc, i) => {
    if (i > 0) out.push(separator);
    out.push(doc);
  });
  return out;
}

/** Whether a document must print broken: it holds a hard line or a trailing comment. */
function forcesBreak(doc: Doc, memo: Map<object, boolean>): boolean {
  if (typeof doc === 'string') return false;
  const cached = memo.get(doc);
  if (cached !== undefined) return cached;
  let result: boolean;
  if (Array.isArray(doc)) result = doc.some((part) => forcesBreak(part, memo));
  else {
    const node = doc as Group | Indent | Line | LineSuffix | Mark | IfBreak | Fill;
    switch (node.kind) {
      case 'group':
      case 'indent':
        result = forcesBreak(node.contents, memo);
        break;
      case 'line':
        result = node.hard;
        break;
      case 'line-suffix':
        result = true;
        break;
      case 'mark':
        result = false;
        break;
      case 'if-break':
        result = forcesBreak(node.broken, memo) || forcesBreak(node.flat, memo);
        break;
      case 'fill':
        result = node.parts.some((part, i) => i >= node.from && forcesBreak(part, memo));
        break;
    }
  }
  memo.set(doc, result);
  return result;
}

type Mode = 'flat' | 'break';
interface Command {
  indent: number;
  mode: Mode;
  doc: Doc;
}

export interface Printed {
  text: string;
  marks: Map<string, number>;
}

/**
 * Prints `doc` within `width`, its line breaks written as `eol` (the file's own, `\r\n`
 * say). Only the breaks the layout makes are `eol`: text may hold a line break of its
 * own (a backtick name may), and that is printed as it is.
 */
export function print(doc: Doc, width: number, eol = '\n'): Printed {
  const memo = new Map<object, boolean>();
  const out: string[] = [];
  let outLength = 0;
  let column = 0;
  let suffixes: string[] = [];
  const marks = new Map<string, number>();
  const stack: Command[] = [{ indent: 0, mode: 'break', doc }];

  const emit = (text: string): void => {
    out.push(text);
    outLength += text.length;
    column += text.length;
  };
  const newline = (indentation: number): void => {
    if (suffixes.length > 0) {
      // One trailing comment per line; any more go on lines of their own.
      suffixes.forEach((suffix, i) => {
        if (i > 0) {
          trimTrailingSpaces();
          out.push(eol + ' '.repeat(indentation));
          outLength += eol.length + indentation;
          column = indentation;
          emit(suffix.trimStart());
        } else emit(suffix);
      });
      suffixes = [];
    }
    trimTrailingSpaces();
    out.push(eol + ' '.repeat(indentation));
    outLength += eol.length + indentation;
    column = indentation;
  };
  const trimTrailingSpaces = (): void => {
    while (out.length > 0) {
      const last = out[out.length - 1]!;
      const trimmed = last.replace(/ +$/, '');
      outLength -= last.length - trimmed.length;
      if (trimmed.length > 0 || last.length === 0) {
        out[out.length - 1] = trimmed;
        return;
      }
      out.pop();
      if (last.includes(eol)) return;
    }
  };

  // Measures at most `available` columns ahead. Arrays and fills are walked lazily
  // (a cursor per array, not a copy of its items): a 200,000-value list would
  // otherwise cost its whole length at every group and make printing quadratic.
  const fits = (first: Command, rest: readonly Command[], available: number): boolean => {
    const queue: Array<Command | { indent: number; mode: Mode; items: readonly Doc[]; next: number }> = [first];
    let restIndex = rest.length - 1;
    let remaining = available;
    while (remaining >= 0) {
      const top = queue[queue.length - 1];
      let command: Command;
      if (top === undefined) {
        if (restIndex < 0) return true;
        command = rest[restIndex--]!;
      } else if ('items' in top) {
        if (top.next >= top.items.length) {
          queue.pop();
          continue;
        }
        command = { indent: top.indent, mode: top.mode, doc: top.items[top.next++]! };
      } else command = queue.pop() as Command;
      const { mode, doc: current } = command;
      if (typeof current === 'string') {
        remaining -= current.length;
        continue;
      }
      if (Array.isArray(current)) {
        queue.push({ indent: command.indent, mode, items: current, next: 0 });
        continue;
      }
      const node = current as Group | Indent | Line | LineSuffix | Mark | IfBreak | Fill;
      switch (node.kind) {
        case 'group':
          if (forcesBreak(node, memo) && mode === 'flat') return false;
          queue.push({ indent: command.indent, mode: forcesBreak(node, memo) ? 'break' : mode, doc: node.contents });
          break;
        case 'indent':
          queue.push({ indent: command.indent + node.by, mode, doc: node.contents });
          break;
        case 'line':
          if (mode === 'break' || node.hard) return true;
          if (!node.soft) remaining -= 1;
          break;
        case 'line-suffix':
        case 'mark':
          break;
        case 'if-break':
          queue.push({ indent: command.indent, mode, doc: mode === 'break' ? node.broken : node.flat });
          break;
        case 'fill':
          queue.push({ indent: command.indent, mode, items: node.parts, next: node.from });
          break;
      }
    }
    return false;
  };

  while (stack.length > 0) {
    const command = stack.pop()!;
    const { indent: indentation, mode, doc: current } = command;
    if (typeof current === 'string') {
      emit(current);
      continue;
    }
    if (Array.isArray(current)) {
      for (let i = current.length - 1; i >= 0; i--) stack.push({ indent: indentation, mode, doc: current[i]! });
      continue;
    }
    const node = current as Group | Indent | Line | LineSuffix | Mark | IfBreak | Fill;
    switch (node.kind) {
      case 'group': {
        const flat: Command = { indent: indentation, mode: 'flat', doc: node.contents };
        const canBeFlat = !forcesBreak(node, memo) && (mode === 'flat' || fits(flat, stack, width - column));
        stack.push(canBeFlat ? flat : { indent: indentation, mode: 'break', doc: node.contents });
        break;
      }
      case 'indent':
        stack.push({ indent: indentation + node.by, mode, doc: node.contents });
        break;
      case 'line':
        if (mode === 'flat' && !node.hard) {
          if (!node.soft) emit(' ');
        } else newline(indentation);
        break;
      case 'line-suffix':
        suffixes.push(node.text);
        break;
      case 'mark':
        marks.set(node.name, outLength);
        break;
      case 'if-break':
        stack.push({ indent: indentation, mode, doc: mode === 'break' ? node.broken : node.flat });
        break;
      case 'fill': {
        const content = node.parts[node.from];
        const separator = node.parts[node.from + 1];
        const next = node.parts[node.from + 2];
        if (content === undefined) break;
        const remaining = width - column;
        const contentFlat: Command = { indent: indentation, mode: 'flat', doc: content };
        const contentMode: Mode = mode === 'flat' || fits(contentFlat, [], remaining) ? 'flat' : 'break';
        if (separator === undefined) {
          stack.push({ indent: indentation, mode: contentMode, doc: content });
          break;
        }
        if (next === undefined) {
          stack.push({ indent: indentation, mode: contentMode, doc: separator });
          stack.push({ indent: indentation, mode: contentMode, doc: content });
          break;
        }
        const pairFits = mode === 'flat' || fits({ indent: indentation, mode: 'flat', doc: [content, separator, next] }, [], remaining);
        stack.push({ indent: indentation, mode, doc: { kind: 'fill', parts: node.parts, from: node.from + 2 } });
        stack.push({ indent: indentation, mode: pairFits ? 'flat' : 'break', doc: separator });
        stack.push({ indent: indentation, mode: contentMode, doc: content });
        break;
      }
    }
  }
  if (suffixes.length > 0) newline(0);
  trimTrailingSpaces();
  return { text: out.join(''), marks };
}
