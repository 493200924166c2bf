// A rules file's bytes → its text, with the limits every reader of rules files
// applies (the CLI, the language server's workspace check): at most 16 MiB (a rules
// file is written by people; anything larger is a mistake or an attack, and the
// parser and the analysis keep the whole text and more in memory), and UTF-8. Bytes
// that are not UTF-8 become U+FFFD and a `syntax` error naming the byte offset
// (docs/security.md).

import type { Diagnostic } from '../diagnostics';
import { decodeUtf8, describeBytes } from './utf8';

export const MAX_RULES_FILE_BYTES = 16 * 1024 * 1024;

/** At most this many encoding errors per file are reported (one of them says how many more). */
const MAX_ENCODING_DIAGNOSTICS = 100;

export interface DecodedRules {
  text: string;
  /** `syntax` errors, one per invalid UTF-8 sequence (at most 100). */
  encodingDiagnostics: Diagnostic[];
}

export function decodeRulesBytes(bytes: Uint8Array): DecodedRules {
  const { text, invalid } = decodeUtf8(bytes);
  const encodingDiagnostics: Diagnostic[] = invalid.slice(0, MAX_ENCODING_DIAGNOSTICS).map((sequence, i) => {
    const more = i === MAX_ENCODING_DIAGNOSTICS - 1 && invalid.length > MAX_ENCODING_DIAGNOSTICS ? ` (and ${invalid.length - MAX_ENCODING_DIAGNOSTICS} more)` : '';
    return {
      code: 'syntax',
      severity: 'error',
      message: `invalid UTF-8 at byte offset ${sequence.byteOffset} (${describeBytes(sequence.bytes)}); rules files must be UTF-8${more}`,
      span: { start: sequence.offset, end: sequence.offset + 1 },
    };
  });
  return { text, encodingDiagnostics };
}

/** "16 MiB" */
export function describeByteSize(bytes: number): string {
  const mib = bytes / (1024 * 1024);
  return mib >= 1 ? `${Number.isInteger(mib) ? mib : mib.toFixed(1)} MiB` : `${bytes} bytes`;
}
