// examples/imported/: a GA4 custom channel group and a dbt-style SQL classifier, each
// with the `.channels` file `channel-rules import` writes and what `channel-rules check`
// says about it (`*.check.txt`). The built CLI must still write exactly those files.

import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { compileRulesText } from '../../cli/load-rules';
import { diffRules } from '../../engine/diff/diff-rules';
import { runCli } from '../support/run-cli';
import { EXAMPLES } from './load-example';

const IMPORTED = path.join(EXAMPLES, 'imported');
const read = (name: string) => fs.readFileSync(path.join(IMPORTED, name), 'utf8');

describe.each([
  ['acme-channel-group.json', [], 'acme-channel-group'],
  ['default_channel_grouping.sql', ['--dialect', 'bigquery'], 'default_channel_grouping'],
] as const)('examples/imported/%s', (source, flags, stem) => {
  it(`imports to ${stem}.channels`, () => {
    const result = runCli(['import', source, ...flags], { cwd: IMPORTED });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(read(`${stem}.channels`));
  });

  it(`checks as ${stem}.check.txt says`, () => {
    const result = runCli(['check', `${stem}.channels`], { cwd: IMPORTED });
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(read(`${stem}.check.txt`));
  });
});

describe('examples/imported/acme-channel-group.channels', () => {
  it('exports to a channel group that imports back to the same rules', async () => {
    const exported = runCli(['export', 'acme-channel-group.channels', '--to', 'ga4-channel-group', '--name', 'Acme channels'], { cwd: IMPORTED });
    expect(exported.code).toBe(0);
    const group = JSON.parse(exported.stdout);
    expect(group.displayName).toBe('Acme channels');
    expect(group.groupingRule.map((rule: { displayName: string }) => rule.displayName)).toEqual(['Direct', 'Partners', 'Paid Search', 'Paid Social', 'Newsletter', 'Email', 'Organic Social', 'Mail (old)', 'Referral']);
    const again = runCli(['import', '-', '--from', 'ga4-channel-group'], { cwd: IMPORTED, input: exported.stdout });
    expect(again.stderr).toBe('');
    const diff = await diffRules(compileRulesText('a', read('acme-channel-group.channels')), compileRulesText('b', again.stdout));
    expect(diff.moves).toEqual([]);
    expect(diff.complete).toBe(true);
  });
});
