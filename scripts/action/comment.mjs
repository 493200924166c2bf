// The sticky pull-request comment of the GitHub Action (action.yml): its body, built
// from what the action's steps recorded, and how an earlier one is recognised so a
// re-run edits it instead of adding another. Pure functions; ./steps.mjs does the I/O.

/** Starts the body of the one comment the action owns. */
export const MARKER = '<!-- channel-rules-diff -->';

/** GitHub rejects comments over 65,536 characters; stay clear of it. */
export const MAX_COMMENT_LENGTH = 60_000;

/**
 * The comment the action owns among a pull request's comments: the first whose body
 * starts with the marker (a quote of it in a reply starts with "> ", so it is not
 * mistaken for ours). Undefined when there is none.
 *
 * @param {Array<{ id: number, body?: string | null }>} comments
 */
export function findStickyComment(comments, marker = MARKER) {
  return comments.find((comment) => typeof comment.body === 'string' && comment.body.trimStart().startsWith(marker));
}

/**
 * @typedef {object} FileDiff
 * @property {string} file          the rules file (path in the repository)
 * @property {'changed' | 'unchanged' | 'added' | 'deleted' | 'error'} status
 * @property {string} [markdown]    `channel-rules diff --format markdown` output
 * @property {object} [json]        `channel-rules diff --format json` output (§7.4)
 * @property {string} [error]       the one-line error of `channel-rules diff`
 *
 * @typedef {object} StepOutcome
 * @property {number | null} exit   the command's exit code; null when it did not run
 * @property {string} [summary]     one line on what it found
 *
 * @typedef {object} CommentInput
 * @property {FileDiff[]} files
 * @property {StepOutcome} check
 * @property {StepOutcome} test
 * @property {string} [base]        short base commit
 * @property {string} [head]        short head commit
 * @property {string} [runUrl]      the workflow run, for the full output
 */

/** @param {CommentInput} input */
export function buildComment(input) {
  const changed = input.files.filter((entry) => entry.status !== 'unchanged');
  const unchanged = input.files.filter((entry) => entry.status === 'unchanged');
  const head = [MARKER, '## Channel rules', '', `**${overallSummary(changed)}**`, '', statusLine(input), ''];
  const sections = changed.map((entry) => section(entry));
  const footer = ['', '---'];
  if (unchanged.length > 0) {
    footer.push(`${count(unchanged.length, 'rules file')} unchanged: ${namesWithin(unchanged.map((entry) => entry.file))}.`, '');
  }
  const where = [
    input.base !== undefined && input.head !== undefined ? `Compared ${code(input.base)} (base) with ${code(input.head)} (head)` : undefined,
    input.runUrl !== undefined ? `[workflow run](${input.runUrl})` : undefined,
    'updated on every push by the channel-rules action',
  ].filter((part) => part !== undefined);
  footer.push(`<sub>${where.join(' · ')}</sub>`);

  // Whole sections while they fit; the rest are named and left to the job summary (room
  // for that note is kept from the start).
  const fixed = head.join('\n').length + footer.join('\n').length + 400 + NAMES_LENGTH;
  const kept = [];
  let length = fixed;
  for (const [index, text] of sections.entries()) {
    if (length + text.length + 2 > MAX_COMMENT_LENGTH) {
      const rest = changed.slice(index).map((entry) => entry.file);
      kept.push(`> [!NOTE]\n> The comment is too long for GitHub: ${namesWithin(rest)} ${rest.length === 1 ? 'is' : 'are'} left out here. The job summary${input.runUrl === undefined ? '' : ` of the [workflow run](${input.runUrl})`} has every file.`);
      break;
    }
    kept.push(text);
    length += text.length + 2;
  }
  return `${[...head, ...kept.flatMap((text) => [text, '']), ...footer].join('\n').replace(/\n{3,}/g, '\n\n').trimEnd()}\n`;
}

/** Characters of file names a list in the comment may take: the rest are counted. */
const NAMES_LENGTH = 2_000;

/** `names` as code spans while they fit in NAMES_LENGTH characters, then how many more (the first always). */
function namesWithin(names) {
  const shown = [];
  let length = 0;
  for (const name of names) {
    const span = code(name);
    if (shown.length > 0 && length + span.length + 2 > NAMES_LENGTH) break;
    shown.push(span);
    length += span.length + 2;
  }
  const more = names.length - shown.length;
  return more === 0 ? shown.join(', ') : `${shown.join(', ')} and ${number(more)} more`;
}

/** "2 files changed · 3 rules changed · 2 moves · 137 of 10,000 sample events change channel" */
export function overallSummary(changed) {
  if (changed.length === 0) return 'No rules file changed.';
  const diffs = changed.filter((entry) => entry.json !== undefined).map((entry) => entry.json);
  const rules = diffs.reduce((sum, json) => sum + json.rules.added.length + json.rules.removed.length + json.rules.changed.length + json.rules.moved.length, 0);
  const moves = diffs.reduce((sum, json) => sum + json.moves.length, 0);
  const parts = [`${count(changed.length, 'rules file')} changed`, `${count(rules, 'rule')} changed`];
  const complete = diffs.every((json) => json.complete);
  parts.push(moves === 0 ? (complete ? 'no moves' : 'no moves found (analysis incomplete)') : `${count(moves, 'move')}${complete ? '' : ' found (analysis incomplete)'}`);
  const samples = diffs.filter((json) => json.sample !== undefined).map((json) => json.sample);
  if (samples.length > 0) {
    const moved = samples.reduce((sum, sample) => sum + sample.moved, 0);
    const events = samples.reduce((sum, sample) => sum + sample.events, 0);
    parts.push(`${number(moved)} of ${count(events, 'sample event')} change channel`);
  }
  const unreachable = diffs.reduce((sum, json) => sum + json.unreachable.length, 0);
  if (unreachable > 0) parts.push(`${count(unreachable, 'rule')} newly unreachable`);
  const errors = changed.filter((entry) => entry.status === 'error').length;
  if (errors > 0) parts.push(`${count(errors, 'file')} could not be compared`);
  return parts.join(' · ');
}

function statusLine(input) {
  const describe = (name, outcome, passed, failed) => {
    if (outcome.exit === null || outcome.exit === undefined) return `➖ ${name}: not run`;
    // The summary may be the CLI's first line of stderr, which names a file: text like any other.
    const detail = outcome.summary ? ` (${text(outcome.summary)})` : '';
    return outcome.exit === 0 ? `✅ ${name}: ${passed}${detail}` : `❌ ${name}: ${failed}${detail}`;
  };
  return [
    describe('`check`', input.check, 'no errors', 'failed, see the annotations on the files'),
    describe('`test`', input.test, 'every expectation holds', 'failed, see the job log'),
  ].join(' · ');
}

function section(entry) {
  switch (entry.status) {
    case 'error':
      return `### ${code(entry.file)}\n\n> [!CAUTION]\n> Could not compare the versions: ${text(entry.error ?? 'unknown error')}`;
    case 'added':
      return withNote(entry, 'New file: compared with an empty rules file.');
    case 'deleted':
      return withNote(entry, 'Deleted: compared with an empty rules file.');
    default:
      return (entry.markdown ?? '').trimEnd();
  }
}

/** The section with the file's own name as its heading (the CLI named the empty stand-in) and a note. */
function withNote(entry, note) {
  const lines = (entry.markdown ?? '').trimEnd().split('\n');
  const body = lines[0]?.startsWith('### ') ? lines.slice(1) : lines;
  return [`### ${code(entry.file)}`, '', `_${note}_`, ...body].join('\n');
}

function count(value, one) {
  return `${number(value)} ${value === 1 ? one : `${one}s`}`;
}

function number(value) {
  return new Intl.NumberFormat('en-US').format(value);
}

/**
 * Text safe in Markdown: HTML and Markdown syntax characters neutralised, and a zero-width
 * space (`&#8203;`) after every `@`, so no text in the comment mentions anyone (GitHub
 * finds mentions after escapes are read; cli/format/markdown-text says why). Line breaks
 * become spaces and other control characters are escaped (`visible`).
 */
export function text(value) {
  return visible(
    String(value)
      .replace(/&/g, '&amp;')
      .replace(/</g, '&lt;')
      .replace(/>/g, '&gt;')
      .replace(/([\\`*_[\]#~|])/g, '\\$1')
      .replace(/@/g, '@&#8203;')
      .replace(/\r?\n/g, ' '),
  );
}

/** A code span whose fence is longer than any run of backticks inside. */
export function code(value) {
  const flat = visible(String(value).replace(/\r?\n/g, ' '));
  const longest = Math.max(0, ...[...flat.matchAll(/`+/g)].map((match) => match[0].length));
  const fence = '`'.repeat(longest + 1);
  const pad = flat.startsWith('`') || flat.endsWith('`') || flat === '' ? ' ' : '';
  return `${fence}${pad}${flat}${pad}${fence}`;
}

const CONTROL = /[\x00-\x09\x0b-\x1f\x7f-\x9f]/g;

const NAMED = { '\x07': '\\a', '\b': '\\b', '\t': '\\t', '\v': '\\v', '\f': '\\f', '\r': '\\r' };

/**
 * `value` with its control characters escaped as git quotes them in paths, as the CLI
 * escapes its Markdown (cli/format/terminal-text): `\r` and the like by name, any other as
 * the octal escapes of its UTF-8 bytes. A lone CR is a line ending to CommonMark, so a
 * file name holding one would end its code span's line and start a heading or a
 * paragraph whose `@`s mention people; the escape is a backslash before a letter or a
 * digit, which Markdown shows as it is, in a code span or out of one.
 */
function visible(value) {
  return value.replace(CONTROL, (character) => NAMED[character] ?? [...Buffer.from(character, 'utf8')].map((byte) => `\\${byte.toString(8).padStart(3, '0')}`).join(''));
}
