// A file name as one word of a POSIX shell command that the user can paste: as it is
// when it holds only characters no shell reads specially, else in single quotes (a
// quote inside closed, escaped and reopened: `'it'\''s.channels'`). Control characters
// are then escaped for the terminal (./terminal-text), so such a name is shown, not run.

import { escapeLine } from './terminal-text';

const PLAIN = /^[A-Za-z0-9_./:@%+=,-]+$/;

export function shellWord(name: string): string {
  return escapeLine(PLAIN.test(name) ? name : `'${name.replaceAll("'", "'\\''")}'`);
}
