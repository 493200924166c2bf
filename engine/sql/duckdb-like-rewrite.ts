// DuckDB's optimiser rewrites `regexp_matches(column, 'pattern')` into a LIKE when the
// pattern is a sequence of literals, `.*`, anchors and empty groups (its
// RegexOptimizationRule, src/optimizer/rule/regex_optimizations.cpp): it drops every
// anchor and empty group and lets only the first and last item of the sequence decide
// whether the LIKE has a leading or trailing `%`. Where an anchor or an empty group is
// anywhere else, the LIKE matches other strings than RE2 does: `regexp_matches(c, '^^')`
// is `c LIKE ''` (the empty string only; RE2: every string), `'a^'` is `c LIKE '%a'`
// (RE2: none), `'(?:)abc'` is `c LIKE 'abc%'` (RE2: `abc` anywhere). A constant
// subject is folded with RE2 before that rule runs, so DuckDB does not even agree with
// itself. The hazard: an anchor (`^`, `$`, `\A`, `\z`) or an empty group anywhere in a
// sequence but where the LIKE keeps its meaning (`^` / `\A` first, `$` / `\z` last, an
// empty group neither first nor last). Capturing groups and groups with alternatives
// stop the rewrite and are not looked into; a top-level alternative is checked as its
// own sequence (RE2 may factor alternatives into one sequence). An import refuses such
// a pattern (../import/sql/import-sql: it must give what the warehouse gives); compiled
// SQL wraps it in a capturing group, which the rewrite leaves to RE2 (./dialects/duckdb).

/** The offset in `pattern` of the first anchor or empty group that DuckDB's LIKE rewrite would misread, or undefined. */
export function likeRewriteHazard(pattern: string): number | undefined {
  for (const alternative of new SequenceScanner(pattern).alternatives()) {
    const last = alternative.length - 1;
    for (let k = 0; k <= last; k++) {
      const { kind, offset } = alternative[k]!;
      if (kind === 'start' && k !== 0) return offset;
      if (kind === 'end' && k !== last) return offset;
      if (kind === 'empty' && (k === 0 || k === last)) return offset;
    }
  }
  return undefined;
}

/** A repetition count at a given place (sticky: no copy of the pattern's rest). */
const REPEAT = /\{\d+(,\d*)?\}/y;

interface Item {
  kind: 'start' | 'end' | 'empty' | 'other';
  offset: number;
}

/** The pattern's top-level sequences (one per top-level alternative), non-capturing groups without alternatives flattened into them; in one pass. */
class SequenceScanner {
  private i = 0;

  constructor(private readonly text: string) {}

  /** The sequences from here to the pattern's end, or, `nested`, to the `)` that closes the group being read (not consumed). */
  alternatives(nested = false): Item[][] {
    // A leading `(?i)` (the only inline flags ./dialect-regex reads) is no item.
    if (!nested && this.i === 0 && this.text.startsWith('(?i)')) this.i = 4;
    const alternatives: Item[][] = [[]];
    while (this.i < this.text.length) {
      const c = this.text[this.i];
      if (c === ')' && nested) break;
      if (c === '|') {
        this.i++;
        alternatives.push([]);
        continue;
      }
      this.item(alternatives[alternatives.length - 1]!);
    }
    return alternatives;
  }

  /** Reads one item (with its quantifier) into `items`; a non-capturing group without alternatives adds its own items. */
  private item(items: Item[]): void {
    const offset = this.i;
    const c = this.text[this.i]!;
    let added: Item[];
    if (c === '^') {
      this.i++;
      added = [{ kind: 'start', offset }];
    } else if (c === '$') {
      this.i++;
      added = [{ kind: 'end', offset }];
    } else if (c === '\\') {
      const next = this.text[this.i + 1];
      this.i += 2;
      if (next === 'Q') {
        // Quoted literally up to \E.
        const end = this.text.indexOf('\\E', this.i);
        this.i = end === -1 ? this.text.length : end + 2;
      } else if ((next === 'p' || next === 'P' || next === 'x') && this.text[this.i] === '{') {
        const end = this.text.indexOf('}', this.i);
        this.i = end === -1 ? this.text.length : end + 1;
      }
      added = [{ kind: next === 'A' ? 'start' : next === 'z' ? 'end' : 'other', offset }];
    } else if (c === '[') {
      this.i = bracketEnd(this.text, this.i);
      added = [{ kind: 'other', offset }];
    } else if (c === '(') {
      added = this.group(offset);
    } else {
      this.i += String.fromCodePoint(this.text.codePointAt(this.i)!).length;
      added = [{ kind: 'other', offset }];
    }
    // A quantified item is no anchor or empty group the LIKE reads at its place (and stops the rewrite).
    if (this.skipQuantifier()) added = [{ kind: 'other', offset }];
    items.push(...added);
  }

  /** A group from its `(`: a non-capturing one without alternatives as its items (an empty one as one empty item), any other as one item. */
  private group(offset: number): Item[] {
    this.i++;
    const flattened = this.text.startsWith('?:', this.i);
    if (flattened) this.i += 2;
    // Read through either way, to its `)`: a group's own items are the pattern's too, at their offsets.
    const alternatives = this.alternatives(true);
    if (this.text[this.i] === ')') this.i++;
    if (!flattened || alternatives.length > 1) return [{ kind: 'other', offset }];
    const items = alternatives[0]!;
    return items.length === 0 ? [{ kind: 'empty', offset }] : items;
  }

  /** Skips a quantifier (`*`, `+`, `?`, `{n}`, `{n,}`, `{n,m}`, each maybe lazy); whether there was one. */
  private skipQuantifier(): boolean {
    const c = this.text[this.i];
    if (c === '*' || c === '+' || c === '?') this.i++;
    else if (c === '{') {
      REPEAT.lastIndex = this.i;
      const match = REPEAT.exec(this.text);
      if (match === null) return false;
      this.i += match[0].length;
    } else return false;
    if (this.text[this.i] === '?') this.i++;
    return true;
  }
}

/** The offset just past the bracket class whose `[` is at `from` (a `]` first, or after `^`, is a member). */
function bracketEnd(text: string, from: number): number {
  let i = from + 1;
  if (text[i] === '^') i++;
  if (text[i] === ']') i++;
  while (i < text.length && text[i] !== ']') {
    if (text[i] === '\\') i += 2;
    else if (text.startsWith('[:', i)) {
      const end = text.indexOf(':]', i + 2);
      i = end === -1 ? i + 1 : end + 2;
    } else i++;
  }
  return Math.min(i + 1, text.length);
}
