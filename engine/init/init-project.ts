// `channel-rules init` and VS Code's "New Rules File…": a rules file from a template,
// a small sample of events beside it (named so the preview finds it, see
// ../preview/sample-file-names.ts) and, on request, a GitHub workflow that runs the
// project's action on pull requests. The templates are data files shipped in the
// package (templates/<name>/template.channels and template.events.ndjson,
// templates/ci/channel-rules.yml); `{{rules}}`, `{{events}}` and `{{action}}` in them
// are filled with the user's paths. Nothing existing is ever overwritten.

import fs from 'node:fs';
import path from 'node:path';
import { conventionalSampleNames } from '../preview/sample-file-names';
import { commentText } from '../text/comment-text';

export const TEMPLATE_NAMES = ['ga4', 'amplitude', 'blank'] as const;
export type TemplateName = (typeof TEMPLATE_NAMES)[number];

/** What each template is, in words for a picker. */
export const TEMPLATE_DESCRIPTIONS: Record<TemplateName, string> = {
  ga4: "Google Analytics 4's default channel group: 18 channels, Google's 819-source lists",
  amplitude: "Amplitude's worked example: six channels and the example's 17 events",
  blank: 'A small start: Direct, Email, Paid Search and an otherwise',
};

/** The workflow `--with-ci` writes, relative to the project root. */
export const WORKFLOW_PATH = path.join('.github', 'workflows', 'channel-rules.yml');

/** The action reference used when the package knows no public repository (docs/ci.md's placeholder). */
export const PLACEHOLDER_ACTION = 'your-org/channel-rules@v1';

/**
 * `owner/repo@v<version>` of this project's action (the release tag of this very
 * version, which the release workflow creates), from the package's manifest
 * (`repository`, the one source of truth: scripts/repository.mjs), or the placeholder
 * when the package names no GitHub repository.
 */
export function actionReference(manifest: { version?: string; repository?: string | { type?: string; url?: string } }): string {
  const raw = typeof manifest.repository === 'string' ? manifest.repository : manifest.repository?.url;
  const slug = /github\.com[/:]([^/]+\/[^/#?]+?)(?:\.git)?$/.exec(raw ?? '')?.[1];
  const version = /^\d+\.\d+\.\d+\S*$/.exec(manifest.version ?? '')?.[0];
  return slug !== undefined && version !== undefined ? `${slug}@v${version}` : PLACEHOLDER_ACTION;
}

export interface InitRequest {
  template: TemplateName;
  /** The rules file to write (absolute, ending in `.channels`). */
  rulesFile: string;
  /** Also write the workflow, under `projectRoot`. */
  withCi: boolean;
  /** The folder the workflow's paths are relative to: the git repository's top folder (see `projectRootOf`). */
  projectRoot: string;
  /** The folder holding the templates (the package's `templates/`). */
  templatesDir: string;
  /** `owner/repo@ref` of the action for the workflow. */
  action: string;
}

export interface NewFile {
  kind: 'rules' | 'events' | 'workflow';
  /** Absolute path. */
  path: string;
  text: string;
}

/** A file is in the way: init writes nothing. */
export class FileExistsError extends Error {
  constructor(readonly file: string) {
    super(`${file} already exists (init never overwrites a file)`);
    this.name = 'FileExistsError';
  }
}

export function isTemplateName(name: string): name is TemplateName {
  return (TEMPLATE_NAMES as readonly string[]).includes(name);
}

/** The sample-events file beside a rules file: `<name>.events.ndjson`, the preview's first choice. */
export function sampleFileFor(rulesFile: string): string {
  return path.join(path.dirname(rulesFile), conventionalSampleNames(path.basename(rulesFile))[0]!);
}

/** The nearest folder at or above `folder` that holds `.git`, else `folder` itself. */
export function projectRootOf(folder: string): string {
  for (let current = path.resolve(folder); ; current = path.dirname(current)) {
    if (fs.existsSync(path.join(current, '.git'))) return current;
    if (path.dirname(current) === current) return path.resolve(folder);
  }
}

/** The files init would write, with their text (no file is touched). */
export function planInit(request: InitRequest): NewFile[] {
  if (!request.rulesFile.endsWith('.channels')) throw new Error(`${request.rulesFile}: a rules file name ends in .channels`);
  const eventsFile = sampleFileFor(request.rulesFile);
  const read = (relative: string): string => fs.readFileSync(path.join(request.templatesDir, relative), 'utf8');
  // Paths inside the rules file are as a person in its folder types them; the
  // workflow's are relative to the repository's top folder, with forward slashes.
  // They are written in `#` comments only, where a line break would end the comment.
  const inFolder = { rules: commentText(path.basename(request.rulesFile)), events: commentText(path.basename(eventsFile)) };
  const fromRoot = (file: string) => path.relative(request.projectRoot, file).split(path.sep).join('/');
  const files: NewFile[] = [
    { kind: 'rules', path: request.rulesFile, text: fill(read(path.join(request.template, 'template.channels')), inFolder) },
    { kind: 'events', path: eventsFile, text: read(path.join(request.template, 'template.events.ndjson')) },
  ];
  if (request.withCi) {
    files.push({
      kind: 'workflow',
      path: path.join(request.projectRoot, WORKFLOW_PATH),
      // JSON strings are YAML double-quoted scalars: any path stays one value.
      text: fill(read(path.join('ci', 'channel-rules.yml')), {
        rules: JSON.stringify(actionRulesInput(fromRoot(request.rulesFile))),
        events: JSON.stringify(fromRoot(eventsFile)),
        action: request.action,
      }),
    });
  }
  return files;
}

/**
 * The action's `rules` input naming exactly `file` (action.yml: git pathspecs, separated
 * by spaces, or by lines when there is a line break): a name with a glob character, or
 * one that starts as a comment or pathspec magic would, is a `:(literal)` pathspec, and
 * a name with a space ends in a line break, so that it stays one path.
 */
export function actionRulesInput(file: string): string {
  const pathspec = /[*?[\]\\]/.test(file) || file.startsWith('#') || file.startsWith(':') ? `:(literal)${file}` : file;
  return /\s/.test(file) ? `${pathspec}\n` : pathspec;
}

/**
 * Writes the planned files, creating folders as needed: all of them or none. When any
 * of them exists (a link to nothing too), throws FileExistsError for the first and
 * writes none; a file appearing between the check and the write is not overwritten
 * either (exclusive create). When a write fails (a name too long, a file where a folder
 * must be), the files and folders written before it are removed, so that a second
 * `init` does not find the first one's half.
 */
export function writeNewFiles(files: readonly NewFile[]): void {
  const existing = files.find((file) => fs.lstatSync(file.path, { throwIfNoEntry: false }) !== undefined);
  if (existing !== undefined) throw new FileExistsError(existing.path);
  const written: string[] = [];
  try {
    for (const file of files) {
      const folder = fs.mkdirSync(path.dirname(file.path), { recursive: true });
      if (folder !== undefined) written.push(folder);
      try {
        fs.writeFileSync(file.path, file.text, { flag: 'wx' });
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'EEXIST') throw new FileExistsError(file.path);
        throw error;
      }
      written.push(file.path);
    }
  } catch (error) {
    // Newest first: a folder made here holds only what was written here.
    for (const made of written.reverse()) fs.rmSync(made, { recursive: true, force: true });
    throw error;
  }
}

function fill(template: string, values: Record<string, string>): string {
  return template.replace(/\{\{(\w+)\}\}/g, (whole, key: string) => values[key] ?? whole);
}
