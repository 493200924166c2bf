// `channel-rules diff BASE HEAD` (SPEC §7, §7.4): the semantic diff of two versions of
// a rules file — every (old channel → new channel) move some event makes, with an
// example event, the rules added, removed, changed and moved, and rules that became
// unreachable; with --events, how many sample events move. BASE and HEAD are files or
// `REF:PATH`, read with `git show REF:PATH` in the current directory.

import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import type { Diagnostic } from '../../engine/diagnostics';
import { diffRules, type RulesVersion } from '../../engine/diff/diff-rules';
import { EventFileError } from '../../engine/events/event-format';
import { formatOption, parseCommandArgs } from '../args';
import { UsageError, type Command, type CommandIO } from '../command';
import { renderDiffJson } from '../format/diff-json';
import { renderDiffMarkdown } from '../format/diff-markdown';
import { renderDiffText } from '../format/diff-text';
import { compileRulesText, readRulesFile } from '../load-rules';
import { decodeRulesBytes, describeByteSize, MAX_RULES_FILE_BYTES } from '../../engine/text/rules-file';
import { progressLine } from '../progress';
import { reportSkippedLines } from '../skipped-lines';
import { EVENT_SOURCE_FLAGS, EVENT_SOURCE_HELP, eventSourceFromFlags, reportEventSource } from '../event-source-flags';
import type { EventFields } from '../../engine/events/event-source';
import { escapeControlCharacters } from '../format/terminal-text';
import { readsInRanges, runReportThreaded } from '../../engine/report/threaded-report';
import { rangeSizeFromEnvironment, THREADS_FLAG, THREADS_HELP, threadsOption } from '../threads-flag';
import { EVENT_INPUT_FLAGS, EVENT_INPUT_OPTIONS_HELP, eventInputFromFlags, reportSkippedEntries } from '../events-input';
import { AgainstFieldError } from '../../engine/report/against-field';
import { fileSize } from '../../engine/events/read-events';
import { RELATIVE_PATH_WITHOUT_WORKING_DIRECTORY, workingDirectory } from '../../engine/working-directory';

const FORMATS = ['text', 'json', 'markdown'] as const;

export const diffCommand: Command = {
  name: 'diff',
  summary: 'semantic diff of two rule versions: which events change channel, with examples',
  help: `Usage: channel-rules diff BASE HEAD [--events FILE] [--format text|json|markdown]

Compares two versions of a rules file by what they do. Lists every (old channel →
new channel) move that some possible event makes, each with an example event that
both versions classify that way; the rules added, removed, changed and moved; and
rules that became unreachable. Reformatting, comments and renamed lists are no change.

BASE and HEAD are rules files, or REF:PATH to read a version from git
(\`git show REF:PATH\`, run in the current directory; PATH is relative to the
repository's root, or to the current directory when it starts with ./), e.g.
  channel-rules diff origin/main:rules/channels.channels rules/channels.channels

Options:
  --events FILE   also classify these events with both versions: the number of
                  events per move and an old × new channel matrix (any events
                  file of \`report\`: .gz, .zip, .parquet, - for standard input)
${EVENT_INPUT_OPTIONS_HELP}
  --against FIELD|auto  with --events: how often each version agrees with the
                  channel the events carry in FIELD (SPEC §9), before → after;
                  auto: the source system's own (GA4, PostHog)
${THREADS_HELP}
${EVENT_SOURCE_HELP}
  --format text|json|markdown
      text (default): for a terminal
      json:     SPEC §7.4 (plus "unreachable", "complete", "incomplete", "sample")
      markdown: for a pull-request comment (summary, moves table, details folded)

When the exact analysis stops at its budget the output says which moves were not
decided instead of guessing. Exit 0 whether or not anything changed (a diff is not a
failure), 2 when a version cannot be read, has errors, or the usage is wrong.
See docs/diff.md.
`,
  async run(argv, io) {
    const { values, positionals } = parseCommandArgs('diff', argv, {
      events: { type: 'string' },
      ...EVENT_INPUT_FLAGS,
      format: { type: 'string', trimmed: true },
      against: { type: 'string' },
      ...THREADS_FLAG,
      ...EVENT_SOURCE_FLAGS,
    });
    const threads = threadsOption('diff', values.threads);
    const rangeSize = rangeSizeFromEnvironment();
    const format = formatOption('diff', values.format, FORMATS, 'text');
    if (positionals.length !== 2) throw new UsageError('diff: expected two rules versions (channel-rules diff BASE HEAD)');
    const [baseArg, headArg] = positionals as [string, string];
    const sampleEventFields = eventSourceFromFlags('diff', values);
    const base = loadVersion(baseArg, 'BASE', io);
    const head = loadVersion(headArg, 'HEAD', io);
    if (values.against !== undefined && values.events === undefined) throw new UsageError('diff: --against needs --events FILE');
    // Before the diff, which may take long, and in the reader's own words (a deleted current directory said as report says it).
    if (values.events !== undefined && values.events !== '-') await refuseUnreadableEvents(values.events);
    const input = values.events === undefined ? undefined : eventInputFromFlags('diff', values.events, values, io);

    const progress = progressLine(io);
    let diff;
    let sampleFields: EventFields | undefined;
    try {
      diff = await diffRules(base, head, {
        ...(input === undefined ? {} : { sample: input.source, maxEntrySize: input.maxEntrySize }),
        ...(values.against === undefined ? {} : { against: values.against }),
        onSampleProgress: progress.update,
        sampleEventFields,
        onSampleEventFields: (fields) => (sampleFields = fields),
        sampleThreads: { reader: { canRead: readsInRanges, run: runReportThreaded }, threads, ...(rangeSize === undefined ? {} : { rangeSize }) },
      });
    } catch (error) {
      if (error instanceof EventFileError || error instanceof AgainstFieldError) throw new UsageError(`diff: ${error.message}`);
      throw error;
    } finally {
      progress.done();
    }
    if (diff.sample !== undefined && input !== undefined) {
      if (sampleFields !== undefined) reportEventSource(io, input.name, sampleFields, diff.sample.events + diff.sample.skippedCount, [...base.checked.fields, ...head.checked.fields]);
      reportSkippedEntries(io, input.name, diff.sample.skippedEntries ?? []);
      reportSkippedLines(io, input.name, diff.sample.skipped, diff.sample.skippedCount);
    }

    const labels = { base: baseArg, head: headArg, ...(input === undefined ? {} : { events: input.name }) };
    switch (format) {
      case 'text':
        io.stdout.write(escapeControlCharacters(renderDiffText(diff, labels)));
        break;
      case 'json':
        io.stdout.write(renderDiffJson(diff, labels));
        break;
      case 'markdown':
        io.stdout.write(escapeControlCharacters(renderDiffMarkdown(diff, labels)));
        break;
    }
    return 0;
  },
};

/** Throws the reader's one line when the events file is missing or not a file. */
async function refuseUnreadableEvents(file: string): Promise<void> {
  try {
    await fileSize(file);
  } catch (error) {
    if (error instanceof EventFileError) throw new UsageError(`diff: ${error.message}`);
    throw error;
  }
}

/** A version from a file, or from git for `REF:PATH` (when no file of that name exists). */
function loadVersion(argument: string, role: 'BASE' | 'HEAD', io: CommandIO): RulesVersion {
  const gitSpec = /^([^:]+):(.+)$/.exec(argument);
  const isFile = fs.existsSync(argument) || gitSpec === null || /^[A-Za-z]:[\\/]/.test(argument);
  // git would take `-…` for one of its options (`--output=FILE` writes a file): no revision starts with "-".
  if (!isFile && argument.startsWith('-')) throw new UsageError(`diff: ${role} ${argument} is no file, and no git REF:PATH (a revision does not start with "-")`);
  const { text, encodingDiagnostics } = isFile ? readRulesFile('diff', argument, `${role} rules file`) : decodeRulesBytes(gitShow(argument, role, io));
  const loaded = compileRulesText(argument, text, encodingDiagnostics);
  const errors = loaded.diagnostics.filter((diagnostic: Diagnostic) => diagnostic.severity === 'error' && diagnostic.code !== 'failed-expectation');
  if (errors.length > 0) {
    const first = errors[0]!;
    const at = loaded.lineIndex.position(first.span.start);
    const more = errors.length > 1 ? ` (and ${errors.length - 1} more error${errors.length > 2 ? 's' : ''})` : '';
    throw new UsageError(`diff: ${role} ${argument}:${at.line + 1}:${at.character + 1}: ${first.code}: ${first.message}${more}`);
  }
  return { text: loaded.text, checked: loaded.checked, classifier: loaded.classifier };
}

function gitShow(spec: string, role: string, io: CommandIO): Buffer {
  // git finds the repository from the current directory: without one, spawning it in a deleted folder fails as if git were missing.
  const cwd = workingDirectory(() => io.cwd);
  if (cwd === undefined) throw new UsageError(`diff: cannot read ${role} ${spec}: ${RELATIVE_PATH_WITHOUT_WORKING_DIRECTORY}`);
  try {
    return execFileSync('git', ['show', spec], { cwd, stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: MAX_RULES_FILE_BYTES });
  } catch (error) {
    const failure = error as NodeJS.ErrnoException & { stderr?: Buffer | string };
    if (failure.code === 'ENOBUFS') throw new UsageError(`diff: cannot read ${role} ${spec}: larger than ${describeByteSize(MAX_RULES_FILE_BYTES)}, the limit for a rules file`);
    if (failure.code === 'ENOENT') throw new UsageError(`diff: cannot read ${role} ${spec}: git is not installed (or not on PATH)`);
    const reason = String(failure.stderr ?? '')
      .split('\n')
      .map((line) => line.replace(/^fatal:\s*/, '').trim())
      .find((line) => line !== '');
    throw new UsageError(`diff: cannot read ${role} ${spec} through git: ${reason ?? failure.message.split('\n')[0]}`);
  }
}
