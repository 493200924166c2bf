// The command table: name and one-line summary of each command, and how to load it.
// Each command lives in cli/commands/<name>.ts and is loaded only when it runs, so
// `--version` and `--help` load none of them and `report` loads no analysis: the
// build (scripts/build.mjs) bundles each command into dist/cli-<name>.js and points
// these imports there. The summaries here are the commands' own (a test holds them equal).

import type { Command } from './command';

export interface CommandEntry {
  name: string;
  summary: string;
  load(): Promise<Command>;
}

export const commands: CommandEntry[] = [
  {
    name: 'init',
    summary: 'start a rules file from a template, with sample events (and a CI workflow)',
    load: async () => (await import('./commands/init.js')).initCommand,
  },
  {
    name: 'check',
    summary: 'diagnostics: errors, unreachable and overlapping rules, with example events',
    load: async () => (await import('./commands/check.js')).checkCommand,
  },
  {
    name: 'report',
    summary: 'channel uniques/totals, sessions and attribution for an events file',
    load: async () => (await import('./commands/report.js')).reportCommand,
  },
  {
    name: 'classify',
    summary: 'the channel of every event, and the rule that gave it',
    load: async () => (await import('./commands/classify.js')).classifyCommand,
  },
  {
    name: 'test',
    summary: "run the files' expect statements",
    load: async () => (await import('./commands/test.js')).testCommand,
  },
  {
    name: 'compile',
    summary: 'the rules as SQL (DuckDB, BigQuery, Snowflake, PostgreSQL, Spark SQL)',
    load: async () => (await import('./commands/compile.js')).compileCommand,
  },
  {
    name: 'diff',
    summary: 'semantic diff of two rule versions: which events change channel, with examples',
    load: async () => (await import('./commands/diff.js')).diffCommand,
  },
  {
    name: 'import',
    summary: 'rules from a GA4 channel group (JSON) or a SQL CASE classifier',
    load: async () => (await import('./commands/import.js')).importCommand,
  },
  {
    name: 'export',
    summary: 'the rules as a GA4 custom channel group (Admin API JSON)',
    load: async () => (await import('./commands/export.js')).exportCommand,
  },
];
