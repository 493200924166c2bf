// The one entry point of import (SPEC §8), used by the CLI and the editor command.

import type { DialectName } from '../sql/dialect';
import { importGa4ChannelGroup } from './ga4/import-ga4';
import { ImportError } from './import-error';
import { importSql } from './sql/import-sql';

export const IMPORT_FORMATS = ['ga4-channel-group', 'sql'] as const;
export type ImportFormat = (typeof IMPORT_FORMATS)[number];

export interface ImportOptions {
  format: ImportFormat;
  /** The file's name, written in the `# from …` comments. */
  fileName: string;
  dialect?: DialectName;
  group?: string;
}

/** The `.channels` text; throws ImportError (message and where) when it cannot be exact. */
export function importRules(text: string, options: ImportOptions): string {
  if (options.format === 'ga4-channel-group') return importGa4ChannelGroup(text, { fileName: options.fileName, group: options.group });
  if (options.dialect === undefined) throw new ImportError('SQL needs a dialect', '1:1');
  return importSql(text, { dialect: options.dialect, fileName: options.fileName });
}

/** The format a file name implies (`.json`, `.sql`), if any. */
export function importFormatOf(fileName: string): ImportFormat | undefined {
  const lower = fileName.toLowerCase();
  if (lower.endsWith('.json')) return 'ga4-channel-group';
  if (lower.endsWith('.sql')) return 'sql';
  return undefined;
}
