// Keeping the language server's samples read, whatever gives their bytes
// (./sample-store: the file by its path; ./sample-store.web: the bytes the client
// read): one read per file and reading options, started when a document first asks
// and again when the file's version (its modification time) changes. A read of a
// large file takes seconds on the server's thread, in slices between requests
// (./sample-loading), so requests that must answer at once (hover, completion, code
// lens) take the sample as last read and never wait for one; the diagnostics wait for
// the read in flight, not for the ones after it. A file that changes while it is read
// is read again once that read is done: a read stopped at each change never finished
// for a file appended to all the time, and the diagnostics waited for it forever. A
// read nobody needs any more is stopped at its next slice: no open document reads the
// file with these options (their settings changed, or the last of them closed), and no
// Check Workspace run does. Whoever asks holds the sample under a name of its own: an
// open document its URI, a Check Workspace run one per file (./unopened-samples); each
// lets go of its own hold only.

import { CancellationToken, CancellationTokenSource } from 'vscode-languageserver';
import { CancelledError } from '../engine/cancellation';
import type { EventSourceOptions } from '../engine/events/event-source';
import type { Logger } from './safe-handler';
import type { LoadedSample } from './sample-store-types';
import { unlessCancelled } from './unless-cancelled';

/** A sample, or why it could not be read. */
export type SampleOrError = { sample: LoadedSample } | { error: string; file: string };

interface Reading {
  version: number;
  /** The protocol's own token, which tells when it is cancelled: a store waiting for the client's bytes stops waiting then (./sample-store.web). */
  source: CancellationTokenSource;
  done: Promise<void>;
}

interface Entry {
  file: string;
  options: EventSourceOptions;
  checkedAt: number;
  checking?: Promise<void>;
  /** The last read that completed (or the version look-up that failed: no version). */
  last?: { version: number | undefined; loaded: SampleOrError };
  /** The read in flight, of a newer version than `last`'s. */
  reading?: Reading;
  /** A newer version seen while `reading` ran: read once it is done. */
  newer?: number;
}

/** A store of samples: how it finds a file's version and reads it are its own. */
export abstract class SampleReads {
  private readonly entries = new Map<string, Entry>();
  /** The entry each holder (a document, or a Check Workspace run's hold) last asked for: an entry no holder asks for is dropped, its read stopped. */
  private readonly wanted = new Map<string, string>();
  private readonly listeners: ((file: string, replaced: boolean) => void)[] = [];

  constructor(protected readonly logger: Logger) {}

  /** How long a file's version is trusted before it is asked for again (0: at every request). */
  protected abstract readonly recheckMs: number;

  /** The file's version (its modification time); throws with a one-line reason when it cannot be read. */
  protected abstract versionOf(file: string): Promise<number>;

  /** Reads and profiles the file as it is at `version`, stopping with CancelledError once `token` is cancelled (at its next slice, or at once while it waits). */
  protected abstract readSample(file: string, version: number, options: EventSourceOptions, token: CancellationToken): Promise<LoadedSample>;

  /**
   * The sample of a holder as last read, or undefined while its first read runs;
   * never waits. Starts that read, or a newer one when the file changed (looked at
   * at most every `recheckMs`), in the background.
   */
  ready(holder: string, file: string, options: EventSourceOptions): SampleOrError | undefined {
    const entry = this.entryFor(holder, file, options);
    if (this.isDue(entry)) void this.check(entry);
    return entry.last?.loaded;
  }

  /**
   * The sample of a holder once the read in flight (or the one a changed file
   * starts) is done, not the reads after it; undefined when no holder needs the
   * sample any more. Throws CancelledError as soon as `token` is cancelled: the read
   * goes on for the holders that use it, and is stopped once none does (release).
   */
  async get(holder: string, file: string, options: EventSourceOptions, token: CancellationToken = CancellationToken.None): Promise<SampleOrError | undefined> {
    const entry = this.entryFor(holder, file, options);
    await unlessCancelled(Promise.resolve(this.isDue(entry) ? this.check(entry) : entry.checking), token);
    const reading = entry.reading;
    if (reading !== undefined) await unlessCancelled(reading.done, token);
    return this.isKept(entry) ? entry.last?.loaded : undefined;
  }

  /**
   * Called with the file's name each time a read completes: the first (`replaced`
   * false), or one of a changed file, whose sample replaces one already given out.
   */
  onSampleRead(listener: (file: string, replaced: boolean) => void): void {
    this.listeners.push(listener);
  }

  /** The holders whose sample is `file` (with any reading options): documents' URIs, and Check Workspace runs' holds, which are no document's. */
  holdersReading(file: string): string[] {
    const prefix = `${file}\u0000`;
    return [...this.wanted].filter(([, key]) => key.startsWith(prefix)).map(([holder]) => holder);
  }

  /** The holder reads no sample any more (a document closed, or its settings name none; a run ended): one no other holder reads is dropped, its read stopped. */
  release(holder: string): void {
    const key = this.wanted.get(holder);
    this.wanted.delete(holder);
    if (key !== undefined) this.dropUnwanted(key);
  }

  private entryFor(holder: string, file: string, options: EventSourceOptions): Entry {
    const key = keyOf(file, options);
    const before = this.wanted.get(holder);
    this.wanted.set(holder, key);
    if (before !== undefined && before !== key) this.dropUnwanted(before);
    let entry = this.entries.get(key);
    if (entry === undefined) {
      entry = { file, options, checkedAt: 0 };
      this.entries.set(key, entry);
    }
    return entry;
  }

  private dropUnwanted(key: string): void {
    // Linear in the documents that asked, once per close or settings change.
    for (const wantedKey of this.wanted.values()) if (wantedKey === key) return;
    const entry = this.entries.get(key);
    this.entries.delete(key);
    if (entry?.reading !== undefined) this.stop(entry, entry.reading, 'no open document reads it with these settings');
  }

  /** Looks up the file's version; a version other than the newest read (or being read) starts a read. */
  private check(entry: Entry): Promise<void> {
    if (entry.checking !== undefined) return entry.checking;
    entry.checkedAt = Date.now();
    const checking = (async () => {
      let version: number;
      try {
        version = await this.versionOf(entry.file);
      } catch (error) {
        if (entry.reading !== undefined) this.stop(entry, entry.reading, 'the file cannot be read');
        entry.last = { version: undefined, loaded: { error: (error as Error).message, file: entry.file } };
        return;
      }
      if (!this.isKept(entry)) return;
      if (entry.reading !== undefined) {
        if (version !== entry.reading.version) entry.newer = version;
      } else if (version !== entry.last?.version) this.start(entry, version);
    })().finally(() => {
      if (entry.checking === checking) entry.checking = undefined;
    });
    entry.checking = checking;
    return checking;
  }

  private start(entry: Entry, version: number): void {
    entry.newer = undefined;
    this.logger.info(`sample events ${entry.file}: reading started`);
    const source = new CancellationTokenSource();
    const reading: Reading = { version, source, done: Promise.resolve() };
    reading.done = this
      .readSample(entry.file, version, entry.options, source.token)
      .then(
        (sample): SampleOrError => ({ sample }),
        (error: unknown): SampleOrError | undefined => (error instanceof CancelledError ? undefined : { error: (error as Error).message, file: entry.file }),
      )
      .then((loaded) => {
        // A stopped read is no longer the entry's (another replaced it, or the entry was dropped).
        if (entry.reading !== reading || loaded === undefined) return;
        entry.reading = undefined;
        const replaced = entry.last !== undefined;
        entry.last = { version, loaded };
        if ('error' in loaded) this.logger.warn(`sample events ${entry.file}: ${loaded.error}`);
        else this.logger.info(`sample events ${entry.file}: ${loaded.sample.eventCount} events, ${loaded.sample.profile.fields.size} fields`);
        if (!this.isKept(entry)) return;
        for (const listener of this.listeners) listener(entry.file, replaced);
        if (entry.newer !== undefined && entry.newer !== version) this.start(entry, entry.newer);
      });
    entry.reading = reading;
  }

  private stop(entry: Entry, reading: Reading, because: string): void {
    reading.source.cancel();
    if (entry.reading === reading) entry.reading = undefined;
    this.logger.info(`sample events ${entry.file}: reading stopped (${because})`);
  }

  private isDue(entry: Entry): boolean {
    return Date.now() - entry.checkedAt >= this.recheckMs;
  }

  private isKept(entry: Entry): boolean {
    return this.entries.get(keyOf(entry.file, entry.options)) === entry;
  }
}

function keyOf(file: string, options: EventSourceOptions): string {
  return `${file}\u0000${JSON.stringify(options)}`;
}
