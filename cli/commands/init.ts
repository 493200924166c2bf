// `channel-rules init [FILE] [--template ga4|amplitude|blank] [--with-ci]`: a first
// rules file, sample events beside it, and optionally a pull-request workflow
// (engine/init/init-project.ts). Refuses to overwrite anything.

import fs from 'node:fs';
import path from 'node:path';
import {
  actionReference,
  FileExistsError,
  isTemplateName,
  planInit,
  projectRootOf,
  PLACEHOLDER_ACTION,
  TEMPLATE_DESCRIPTIONS,
  TEMPLATE_NAMES,
  writeNewFiles,
  type NewFile,
} from '../../engine/init/init-project';
import { parseCommandArgs } from '../args';
import { UsageError, type Command } from '../command';
import { resolvePath, workingDirectory } from '../../engine/working-directory';
import { shellWord } from '../format/shell-word';

const DEFAULT_FILE = 'rules.channels';

export const initCommand: Command = {
  name: 'init',
  summary: 'start a rules file from a template, with sample events (and a CI workflow)',
  help: `Usage: channel-rules init [FILE] [--template ga4|amplitude|blank] [--with-ci]

Writes a rules file FILE (default ${DEFAULT_FILE}) from a template and a small sample
of events beside it, named <name>.events.ndjson so the VS Code preview and the code
lenses use it at once. Never overwrites a file: when one of them exists, nothing is
written and the exit code is 2.

Options:
  --template NAME   ${TEMPLATE_NAMES.map((name) => `${name}: ${TEMPLATE_DESCRIPTIONS[name]}`).join('\n                    ')}
                    (default ga4)
  --with-ci         also write .github/workflows/channel-rules.yml at the top of the
                    git repository: on pull requests it checks the rules, runs their
                    expectations and comments the semantic diff (docs/ci.md)
`,
  async run(argv, io) {
    const { values, positionals } = parseCommandArgs('init', argv, {
      template: { type: 'string', trimmed: true },
      'with-ci': { type: 'boolean' },
    });
    if (positionals.length > 1) throw new UsageError(`init: expected at most one rules file, got ${positionals.length}`);
    const template = values.template ?? 'ga4';
    if (!isTemplateName(template)) throw new UsageError(`init: unknown template "${template}" (expected ${TEMPLATE_NAMES.join(', ')})`);
    const file = positionals[0] ?? DEFAULT_FILE;
    if (!file.endsWith('.channels')) throw new UsageError(`init: ${file}: a rules file name ends in .channels`);
    // An absolute FILE needs no current directory: init runs in a deleted one, and says the files by their absolute paths.
    const rulesFile = resolvePath(file, () => io.cwd);
    const here = workingDirectory(() => io.cwd);
    const shown = (target: string) => (here === undefined ? target : path.relative(here, target) || target);
    const action = actionReference(readOwnManifest());
    let files: NewFile[];
    try {
      files = planInit({
        template,
        rulesFile,
        withCi: values['with-ci'] === true,
        projectRoot: projectRootOf(path.dirname(rulesFile)),
        templatesDir: packageFolder('templates'),
        action,
      });
      writeNewFiles(files);
    } catch (error) {
      if (error instanceof FileExistsError) throw new UsageError(`init: ${shown(error.file)} already exists (init never overwrites a file)`);
      throw new UsageError(`init: ${(error as Error).message}`);
    }
    // The names as words of the commands below, pasted as they are (a space, a quote) and shown, not run (a control character).
    const rules = shellWord(shown(rulesFile));
    const lines = files.map((written) => `wrote ${shellWord(shown(written.path))}${describe(written, template)}`);
    lines.push(
      '',
      'Next:',
      `  channel-rules check ${rules}`,
      `  channel-rules test ${rules}`,
      `  channel-rules report ${rules} --events ${shellWord(shown(files[1]!.path))}`,
      '  or open the file in VS Code with the Channel Rules extension: Channel Rules: Open Preview',
    );
    if (files.some((written) => written.kind === 'workflow') && action === PLACEHOLDER_ACTION) {
      lines.push(`  in the workflow, replace ${PLACEHOLDER_ACTION} with the repository of the Channel Rules action`);
    }
    io.stdout.write(`${lines.join('\n')}\n`);
    return 0;
  },
};

function describe(file: NewFile, template: string): string {
  if (file.kind === 'rules') return ` (the ${template} template)`;
  if (file.kind === 'events') return ` (${file.text.split('\n').filter((line) => line.trim() !== '').length} sample events)`;
  return ' (runs the Channel Rules action on pull requests)';
}

/** A folder or file of the installed package: dist/cli.js is one level below its root. */
function packageFolder(name: string): string {
  const candidates = [path.join(__dirname, '..', name), path.join(__dirname, '..', '..', name)];
  const found = candidates.find((candidate) => fs.existsSync(candidate));
  if (found === undefined) throw new Error(`the package has no ${name} folder next to ${__dirname}`);
  return found;
}

function readOwnManifest(): { version?: string; repository?: string | { url?: string } } {
  try {
    return JSON.parse(fs.readFileSync(packageFolder('package.json'), 'utf8')) as { version?: string };
  } catch {
    return {};
  }
}
