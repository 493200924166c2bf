// Documents too large for the server's thread. Above `channelRules.analysis.maxDocumentSize`
// characters (default 262,144, about 3,500 rules) a document is never parsed on the
// server's thread, whose every parse would delay hover and completion in every other
// document by seconds: its syntax and checker errors still come from the check worker
// (./analyser), with one information diagnostic saying the exact analysis is off, and
// the features that need the parsed file answer at once (a hover saying why, no
// outline, folding or semantic tokens, formatting refused with the reason). Above 16
// MiB (the CLI's limit for a rules file) it is not checked at all: one error says so.
// docs/security.md has the limits.

import type { Diagnostic } from '../engine/diagnostics';
import { MAX_RULES_FILE_BYTES } from '../engine/text/rules-file';

/** Longer documents are not even checked (the CLI refuses rules files above 16 MiB). */
export const MAX_CHECKED_DOCUMENT_SIZE = MAX_RULES_FILE_BYTES;

export type DocumentSize = { kind: 'normal' } | { kind: 'large'; length: number; limit: number } | { kind: 'unchecked'; length: number; limit: number };

export function documentSize(length: number, limit: number): DocumentSize {
  if (length > MAX_CHECKED_DOCUMENT_SIZE) return { kind: 'unchecked', length, limit: MAX_CHECKED_DOCUMENT_SIZE };
  if (length > limit) return { kind: 'large', length, limit };
  return { kind: 'normal' };
}

function characters(count: number): string {
  return `${count.toLocaleString('en-US')} characters`;
}

/** The one information diagnostic on a document above the limit (at its first character). */
export function tooLargeForAnalysis(size: { length: number; limit: number }): Diagnostic {
  return {
    code: 'analysis-incomplete',
    severity: 'information',
    message:
      `This file is too large for analysis in the editor (${characters(size.length)}; channelRules.analysis.maxDocumentSize is ${size.limit.toLocaleString('en-US')}): ` +
      'syntax and checker errors are shown, but not the exact analysis (unreachable, overlapping rules…), hover, outline, folding, semantic highlighting or formatting. ' +
      'Run `channel-rules check` on it, or raise the setting.',
    span: { start: 0, end: 0 },
  };
}

/** The one error on a document above 16 MiB. */
export function tooLargeToCheck(size: { length: number }): Diagnostic {
  return {
    code: 'analysis-incomplete',
    severity: 'error',
    message: `This file is not checked: it has ${characters(size.length)}, and rules files may have at most ${characters(MAX_CHECKED_DOCUMENT_SIZE)} (16 MiB).`,
    span: { start: 0, end: 0 },
  };
}

/** What a feature answers instead on a document above the limit. */
export function tooLargeFor(feature: string, size: { length: number; limit: number }): string {
  return `Channel Rules: no ${feature} in this file, it is too large (${characters(size.length)}; channelRules.analysis.maxDocumentSize is ${size.limit.toLocaleString('en-US')}).`;
}

/** The diagnostic when the check of a document ran out of the check worker's memory. */
export function checkOutOfMemory(limitMb: number): Diagnostic {
  return {
    code: 'analysis-incomplete',
    severity: 'error',
    message: `This file could not be checked: its check needs more than the ${limitMb.toLocaleString('en-US')} MiB of memory the server allows it.`,
    span: { start: 0, end: 0 },
  };
}
