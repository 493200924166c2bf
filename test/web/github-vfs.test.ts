// The github.dev / vscode.dev file names "Compare with…" reads other versions through
// (client/compare/github-vfs): the authority of a URI as github.dev produced it
// (microsoft/vscode-remote-repositories-github#375) reads back, and the authorities
// we write read back to what was asked.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseVfs, RefType, vfsAuthority } from '../../client/compare/github-vfs';

const REPORTED =
  'github+7b2276223a312c22726566223a7b2274797065223a342c226964223a225374657068656e57656174686572666f72642d70617463682d31227d7d';

describe('github.dev file names', () => {
  it('reads the ref of a URI github.dev produced', () => {
    expect(parseVfs(REPORTED, '/StephenWeatherford/template-examples/bicep/templatespec/client.bicep')).toEqual({
      provider: 'github',
      ref: { type: RefType.Tree, id: 'StephenWeatherford-patch-1' },
      owner: 'StephenWeatherford',
      repo: 'template-examples',
      path: 'bicep/templatespec/client.bicep',
    });
  });

  it('a URI without a ref is the workspace’s own version', () => {
    expect(parseVfs('github', '/o/r/rules/ga4.channels')).toEqual({ provider: 'github', owner: 'o', repo: 'r', path: 'rules/ga4.channels' });
    expect(parseVfs('github', '/o')).toBeUndefined();
  });

  it('writes branch names as trees and full commit ids as commits, and reads them back', () => {
    expect(parseVfs(vfsAuthority('github', 'a'.repeat(40)), '/o/r/x.channels')?.ref).toEqual({ type: RefType.Commit, id: 'a'.repeat(40) });
    fc.assert(
      fc.property(fc.string({ minLength: 1, unit: 'grapheme' }), (ref) => {
        const read = parseVfs(vfsAuthority('github', ref), '/o/r/x.channels');
        expect(read?.ref?.id).toBe(ref);
        expect(read?.ref?.type).toBe(/^[0-9a-f]{40}$/i.test(ref) ? RefType.Commit : RefType.Tree);
      }),
      { numRuns: 200 },
    );
  });
});
