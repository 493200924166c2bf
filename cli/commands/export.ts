// `channel-rules export RULES --to ga4-channel-group`: the rules as a GA4 channel group
// (the Admin API ChannelGroup JSON), or exit 1 naming the rule and what GA4 cannot
// express (SPEC §8; engine/import/ga4/export-ga4).

import fs from 'node:fs';
import path from 'node:path';
import { MAX_FILTERS } from '../../engine/import/ga4/export-ga4';
import { exportRulesText } from '../../engine/import/export-rules';
import { ImportError } from '../../engine/import/import-error';
import { parseCommandArgs } from '../args';
import { UsageError, type Command } from '../command';
import { loadRules } from '../load-rules';
import { refuseOutputOverInput } from '../output-over-input';

export const exportCommand: Command = {
  name: 'export',
  summary: 'the rules as a GA4 custom channel group (Admin API JSON)',
  help: `Usage: channel-rules export RULES --to ga4-channel-group [--name NAME] [-o OUT]

Prints the Google Analytics Admin API ChannelGroup JSON (displayName, groupingRule[])
that classifies like RULES: one grouping rule per channel, its expression in GA4's
and-of-ors form. Give it to properties.channelGroups.create or .patch.

Exit 1, naming the rule, when GA4 cannot express it: missing versus null (\`exists\`,
\`is missing\`, \`is null\`), case-sensitive comparisons (GA4 ignores case), a channel
whose rules are not adjacent, more than 50 channels, or a channel needing more than
${MAX_FILTERS} filters in and-of-ors form.

Options:
  --to FORMAT            ga4-channel-group (required)
  --name NAME            the group's displayName (default: the file name without extension)
  --output FILE, -o FILE write to FILE instead of stdout
`,
  async run(argv, io) {
    const { values, positionals } = parseCommandArgs('export', argv, {
      to: { type: 'string', trimmed: true },
      name: { type: 'string' },
      output: { type: 'string', short: 'o' },
    });
    if (positionals.length !== 1) throw new UsageError('export: expected one rules file (channel-rules export RULES --to ga4-channel-group)');
    if (values.to === undefined) throw new UsageError('export: --to is required (ga4-channel-group)');
    if (values.to !== 'ga4-channel-group') throw new UsageError(`export: unknown format "${values.to}" (expected ga4-channel-group)`);
    const file = positionals[0]!;
    refuseOutputOverInput('export', values.output, [{ what: 'rules file', file }]);
    // Rules with errors are unreadable input (exit 2), as for report and classify.
    const { text } = loadRules('export', file);
    const name = values.name ?? path.basename(file).replace(/\.channels$/, '');
    let json: string;
    try {
      json = exportRulesText(text, { fileName: file, name });
    } catch (error) {
      if (error instanceof ImportError) {
        io.stderr.write(`channel-rules export: ${error.where}: ${error.message}\n`);
        return 1;
      }
      throw error;
    }
    if (values.output === undefined) io.stdout.write(json);
    else {
      try {
        fs.writeFileSync(values.output, json);
      } catch (error) {
        throw new UsageError(`export: cannot write ${values.output}: ${(error as Error).message}`);
      }
    }
    return 0;
  },
};
