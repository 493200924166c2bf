import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../support/run-cli';

const RULES = 'examples/amplitude-example.channels';
const EVENTS = 'examples/amplitude-example.ndjson';

describe('classify', () => {
  it('ndjson: one line per event, in input order, with the rule as file:line (SPEC §7.2)', () => {
    const result = runCli(['classify', RULES, '--events', EVENTS]);
    expect(result.code).toBe(0);
    const lines = result.stdout.trim().split('\n').map((line) => JSON.parse(line));
    expect(lines).toHaveLength(17);
    expect(lines.map((l) => l.line)).toEqual(Array.from({ length: 17 }, (_, i) => i + 1));
    const rulesText = fs.readFileSync(RULES, 'utf8').split('\n');
    const lineOf = (text: string) => rulesText.findIndex((l) => l.includes(text)) + 1;
    expect(lines[0]).toEqual({ line: 1, channel: 'email', rule: `${RULES}:${lineOf('when utm_medium = "email"')}` });
    expect(lines[3]).toEqual({ line: 4, channel: null, rule: null });
    expect(lines[2]).toEqual({ line: 3, channel: 'direct', rule: `${RULES}:${lineOf('when event_type = "Page View"')}` });
  });

  it('csv: header and RFC 4180 cells; otherwise is named', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cr-classify-'));
    const rules = path.join(dir, 'r.channels');
    fs.writeFileSync(rules, 'channel "Email, \\"news\\""\n  when utm_medium = "email"\notherwise "Other"\n');
    const events = path.join(dir, 'e.csv');
    fs.writeFileSync(events, 'user_id,time,utm_medium\nu,2024-01-01,email\nu,2024-01-02,\n');
    const result = runCli(['classify', rules, '--events', events, '--format', 'csv']);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(`line,channel,rule\n2,"Email, ""news""",${rules}:2\n3,Other,otherwise\n`);
  });
});
