// The kernel's files as a test writes them: a SystemFileReader (engine/system-files)
// over a map from path to contents, absent paths unreadable.

import type { SystemFileReader } from '../../engine/system-files';

export function systemFiles(contents: Record<string, string | undefined>): SystemFileReader {
  return (file) => contents[file];
}
