// Reading a rules file for the commands that run rules (report, classify, test):
// parse, check, compile. A file that cannot be read, or whose rules have errors, is
// "unreadable rules": one line naming the first error's place, exit 2.

import fs from 'node:fs';
import { parseChannels } from '../grammar/parse';
import type { ParseResult } from '../grammar/syntax-tree';
import type { CheckedRules } from '../engine/check/checked-rules';
import { checkRules } from '../engine/check/check-rules';
import type { Classifier } from '../engine/classify/classifier';
import { compileClassifier } from '../engine/classify/compile-classifier';
import { compareDiagnostics, syntaxDiagnostics, type Diagnostic } from '../engine/diagnostics';
import { LineIndex } from '../engine/text/line-index';
import { decodeRulesBytes, describeByteSize, MAX_RULES_FILE_BYTES } from '../engine/text/rules-file';
import { UsageError } from './command';
import { noSuchFileReason } from '../engine/working-directory';
import { fileIdentity } from './file-identity';

export interface LoadedRules {
  /** The path as the user gave it (used in `file:line` references). */
  file: string;
  text: string;
  lineIndex: LineIndex;
  parsed: ParseResult;
  checked: CheckedRules;
  classifier: Classifier;
  /** Syntax and checker diagnostics, in position order. */
  diagnostics: Diagnostic[];
}

export interface RulesFileText {
  text: string;
  /** Errors for bytes that are not UTF-8 (engine/text/rules-file.ts). */
  encodingDiagnostics: Diagnostic[];
}

/**
 * Reads a rules file: a regular file (not a device, FIFO or directory: `/dev/zero`
 * would never end) of at most 16 MiB, decoded as UTF-8. Anything else is a one-line
 * usage error.
 */
export function readRulesFile(command: string, file: string, what: string): RulesFileText {
  const refuse = (reason: string): never => {
    throw new UsageError(`${command}: cannot read ${what} ${file}: ${reason}`);
  };
  let fd: number | undefined;
  try {
    // stat before open: opening a FIFO would wait for a writer.
    const info = fs.statSync(file);
    if (info.isDirectory()) refuse('is a directory');
    if (!info.isFile()) refuse('not a regular file');
    if (info.size > MAX_RULES_FILE_BYTES) refuse(tooLarge(info.size));
    fd = fs.openSync(file, 'r');
    // Read until the end or one byte past the limit, whatever stat said (the file may grow).
    const chunks: Buffer[] = [];
    let length = 0;
    for (;;) {
      const chunk = Buffer.allocUnsafe(Math.max(64 * 1024, Math.min(info.size + 1, MAX_RULES_FILE_BYTES + 1 - length)));
      const read = fs.readSync(fd, chunk, 0, Math.min(chunk.length, MAX_RULES_FILE_BYTES + 1 - length), null);
      if (read === 0) break;
      chunks.push(chunk.subarray(0, read));
      length += read;
      if (length > MAX_RULES_FILE_BYTES) refuse(tooLarge(length));
    }
    return decodeRulesBytes(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, length));
  } catch (error) {
    if (error instanceof UsageError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    return refuse(code === 'ENOENT' ? noSuchFileReason(file) : code === 'EISDIR' ? 'is a directory' : code === 'EACCES' ? 'permission denied' : (error as Error).message);
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}

/** Another text file read with the same limits (`import`'s input): invalid UTF-8 is refused in one line. */
export function readTextFile(command: string, file: string, what: string): string {
  const { text, encodingDiagnostics } = readRulesFile(command, file, what);
  const first = encodingDiagnostics[0];
  if (first !== undefined) throw new UsageError(`${command}: cannot read ${what} ${file}: ${first.message.replace(/; rules files must be UTF-8.*$/, '')}`);
  return text;
}

/**
 * Standard input (`import -`) read as readTextFile reads a file: to its end, at most 16
 * MiB, UTF-8. Read as a stream, not with a synchronous read of descriptor 0: a pipe
 * whose writer has not written yet made that read fail with EAGAIN (`export … | import -`).
 */
export async function readTextStream(command: string, stream: AsyncIterable<Buffer | string>, name: string): Promise<string> {
  const chunks: Buffer[] = [];
  let length = 0;
  try {
    for await (const chunk of stream) {
      const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
      chunks.push(bytes);
      length += bytes.length;
      // Said as "more than" the limit: the size of what was not read yet is not known.
      if (length > MAX_RULES_FILE_BYTES) throw new UsageError(`${command}: cannot read ${name}: ${tooLarge(MAX_RULES_FILE_BYTES + 1)}`);
    }
  } catch (error) {
    if (error instanceof UsageError) throw error;
    throw new UsageError(`${command}: cannot read ${name}: ${(error as Error).message}`);
  }
  const { text, encodingDiagnostics } = decodeRulesBytes(Buffer.concat(chunks, length));
  const first = encodingDiagnostics[0];
  if (first !== undefined) throw new UsageError(`${command}: cannot read ${name}: ${first.message.replace(/; rules files must be UTF-8.*$/, '')}`);
  return text;
}

function tooLarge(size: number): string {
  return size > MAX_RULES_FILE_BYTES + 1
    ? `${describeByteSize(size)}, more than the ${describeByteSize(MAX_RULES_FILE_BYTES)} a rules file may have`
    : `more than the ${describeByteSize(MAX_RULES_FILE_BYTES)} a rules file may have`;
}

/** Parses and checks rules text; no I/O. */
export function compileRulesText(file: string, text: string, encodingDiagnostics: readonly Diagnostic[] = []): LoadedRules {
  const lineIndex = new LineIndex(text);
  const parsed = parseChannels(text);
  const checked = checkRules(parsed, text);
  const diagnostics = [...encodingDiagnostics, ...syntaxDiagnostics(parsed.errors), ...checked.diagnostics].sort(compareDiagnostics);
  return { file, text, lineIndex, parsed, checked, classifier: compileClassifier(checked), diagnostics };
}

/** Reads rules that must be free of errors (report, classify, test). */
export function loadRules(command: string, file: string): LoadedRules {
  const { text, encodingDiagnostics } = readRulesFile(command, file, 'rules file');
  const loaded = compileRulesText(file, text, encodingDiagnostics);
  const errors = loaded.diagnostics.filter((diagnostic) => diagnostic.severity === 'error' && diagnostic.code !== 'failed-expectation');
  if (errors.length > 0) {
    const first = errors[0]!;
    const at = loaded.lineIndex.position(first.span.start);
    const more = errors.length > 1 ? ` (and ${errors.length - 1} more error${errors.length > 2 ? 's' : ''}; run \`channel-rules check ${file}\`)` : '';
    throw new UsageError(`${command}: ${file}:${at.line + 1}:${at.character + 1}: ${first.code}: ${first.message}${more}`);
  }
  return loaded;
}

/** `file:line` of a rule, as SPEC §7.2 `rule`. */
export function ruleReference(loaded: LoadedRules, ruleIndex: number): string {
  return `${loaded.file}:${loaded.checked.rules[ruleIndex]!.line}`;
}

/**
 * The files named, each once (the first time it is named): a glob and a file's own
 * name, or `r.channels ./r.channels`, name one file, checked or tested once, and
 * listed once in SARIF and JUnit. One file is what the kernel opens (./file-identity):
 * `link/../r.channels` beside `r.channels` may be another file, and is read.
 */
export function namedOnce(files: readonly string[]): string[] {
  const seen = new Set<string>();
  return files.filter((file) => {
    const identity = fileIdentity(file);
    if (seen.has(identity)) return false;
    seen.add(identity);
    return true;
  });
}
