// A benchmark section: one kind of work measured over the benchmark's events. Each runs
// in its own process (so its peak memory is its own), prints its figures as it goes,
// and returns them for the side-by-side summary. Register new sections in
// sections/index.ts; `npm run bench -- --only <name>` runs just that one.

import type { Figure } from './measure';

export interface BenchContext {
  /** The repository root. */
  root: string;
  /** The NDJSON events file every section reads. */
  eventsFile: string;
  eventCount: number;
  eventBytes: number;
  /** The generator's seed (the events file's). */
  seed: number;
  /** The rules file to classify with (default examples/ga4-default.channels). */
  rulesFile: string;
}

export interface BenchSection {
  /** Short name used by `--only`. */
  name: string;
  /** One line saying what is measured. */
  title: string;
  run(context: BenchContext): Promise<Figure[]>;
  /** Runs only when named with --only (it takes minutes). */
  optIn?: boolean;
}
