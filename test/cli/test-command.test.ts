import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../support/run-cli';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cr-test-'));
const failing = path.join(dir, 'failing.channels');
fs.writeFileSync(
  failing,
  [
    'channel "Email"',
    '  when utm_medium = "email"',
    'channel "Paid"',
    '  when utm_medium = "cpc"',
    'otherwise "Other"',
    'expect "Email" for { utm_medium: "email" }',
    'expect "Paid" for { utm_medium: "Email" }',
    'expect unclassified for { utm_medium: "<&>" }',
    '',
  ].join('\n'),
);

describe('test', () => {
  it('passes on the examples (GA4 expectations included) with exit 0', () => {
    const result = runCli(['test', 'examples/ga4-default.channels', 'examples/amplitude-example.channels']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/\n(\d+) passed, 0 failed\n$/);
    expect(Number(/(\d+) passed/.exec(result.stdout)![1])).toBeGreaterThanOrEqual(27);
  });

  it('fails with exit 1 and says what the event got instead, and from which rule', () => {
    const result = runCli(['test', failing]);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain(`✓ ${failing}:6 expect "Email" for { utm_medium: "email" }`);
    expect(result.stdout).toContain(`✗ ${failing}:7:1 expect "Paid" for { utm_medium: "Email" }`);
    expect(result.stdout).toMatch(/expected "Paid", but the event matches no rule, so `otherwise` gives it "Other"/);
    expect(result.stdout).toMatch(/expected the event to be unclassified/);
    expect(result.stdout).toMatch(/1 passed, 2 failed\n$/);
  });

  it('junit: one testcase per expect, failures with messages, XML-escaped', () => {
    const result = runCli(['test', failing, '--format', 'junit']);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>\n<testsuites name="channel-rules test" tests="3" failures="2"/);
    expect(result.stdout.match(/<testcase /g)).toHaveLength(3);
    expect(result.stdout.match(/<failure /g)).toHaveLength(2);
    expect(result.stdout).toContain('&lt;&amp;&gt;');
    expect(result.stdout).not.toContain('"<&>"');
  });

  it('a file named twice is tested once (as check checks it once)', () => {
    const result = runCli(['test', failing, path.join(dir, '.', 'failing.channels'), '--format', 'junit']);
    expect(result.stdout).toMatch(/<testsuites name="channel-rules test" tests="3" failures="2"/);
    expect(result.stdout.match(/<testsuite /g)).toHaveLength(1);
  });

  it('a file reached through a symbolic link and .. is another file, tested (path.resolve made it the first)', () => {
    // link is other/target: `link/../failing.channels` is other/failing.channels.
    fs.mkdirSync(path.join(dir, 'other', 'target'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'other', 'failing.channels'), 'channel "A"\n  when utm_medium = "cpc"\nexpect "A" for { utm_medium: "cpc" }\n');
    fs.symlinkSync(path.join('other', 'target'), path.join(dir, 'link'));
    const result = runCli(['test', 'failing.channels', 'link/../failing.channels', '--format', 'junit'], { cwd: dir });
    expect(result.stdout).toMatch(/<testsuites name="channel-rules test" tests="4" failures="2"/);
    expect(result.stdout.match(/<testsuite /g)).toHaveLength(2);
    expect(result.stdout).toContain('name="link/../failing.channels"');
  });

  it('a line break in a file name is `\\n` in the text output and &#10; in JUnit attributes (it broke lines, and became a space)', () => {
    const file = path.join(dir, 'odd\n::error::x\t.channels');
    fs.writeFileSync(file, 'channel "A"\n  when utm_medium = "cpc"\nexpect "B" for { utm_medium: "cpc" }\n');
    const text = runCli(['test', file]);
    expect(text.code).toBe(1);
    expect(text.stdout.split('\n').filter((line) => line.startsWith('::'))).toEqual([]);
    expect(text.stdout).toContain('odd\\n::error::x\\t.channels:3:1 expect');
    const junit = runCli(['test', file, '--format', 'junit']).stdout;
    expect(junit).toContain('name="' + xmlText(file) + '"');
    expect(junit).toMatch(/classname="[^"]*odd&#10;::error::x&#9;\.channels"/);
  });

  it('a control character XML 1.0 cannot hold is U+FFFD in JUnit (docs/security.md), a tab a reference', () => {
    const file = path.join(dir, 'esc\x1b[2J\x07\t.channels');
    fs.writeFileSync(file, 'channel "A"\n  when utm_medium = "cpc"\nexpect "B" for { utm_medium: "cpc" }\n');
    const junit = runCli(['test', file, '--format', 'junit']).stdout;
    expect(junit).toMatch(/classname="[^"]*esc\uFFFD\[2J\uFFFD&#9;\.channels"/);
    expect(junit).not.toMatch(/[\x00-\x08\x0b\x0c\x0e-\x1f]/);
  });

  it('a carriage return in JUnit is &#13; in element text too (an XML parser reads a raw one back as a line feed)', () => {
    const file = path.join(dir, 'cr\r.channels');
    fs.writeFileSync(file, 'channel "A"\n  when utm_medium = "cpc"\nexpect "B" for { utm_medium: "cpc" }\n');
    const junit = runCli(['test', file, '--format', 'junit']).stdout;
    expect(junit).not.toContain('\r');
    expect(junit).toMatch(/<failure [^>]*>[^<]*cr&#13;\.channels:3: /);
    expect(junit).toMatch(/classname="[^"]*cr&#13;\.channels"/);
  });

  it('exit 2 for a file with errors or no file', () => {
    const broken = path.join(dir, 'broken.channels');
    fs.writeFileSync(broken, 'channel "A"\n  when x in nowhere\n');
    const result = runCli(['test', broken]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/broken\.channels:2:\d+: unknown-list/);
    expect(runCli(['test']).code).toBe(2);
  });
});

function xmlText(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/\n/g, '&#10;').replace(/\t/g, '&#9;');
}
