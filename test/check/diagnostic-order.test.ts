// The order of diagnostics at one place does not depend on the process's locale.

import { afterEach, describe, expect, it } from 'vitest';
import { compareDiagnostics, type Diagnostic } from '../../engine/diagnostics';

const at = (code: Diagnostic['code']): Diagnostic => ({ code, severity: 'warning', message: code, span: { start: 3, end: 9 } });

describe('compareDiagnostics', () => {
  const localeCompare = String.prototype.localeCompare;
  afterEach(() => {
    String.prototype.localeCompare = localeCompare;
  });

  it('orders the codes of one span by their characters, whatever the locale collates', () => {
    // As a locale whose collation differs from code-unit order would (in Lithuanian, `y` sorts before `u`).
    String.prototype.localeCompare = function (this: string, that: string): number {
      return -localeCompare.call(this, that);
    };
    const sorted = [at('syntax'), at('suspicious-regex'), at('analysis-incomplete')].sort(compareDiagnostics);
    expect(sorted.map((diagnostic) => diagnostic.code)).toEqual(['analysis-incomplete', 'suspicious-regex', 'syntax']);
  });

  it('orders by position first', () => {
    const later = { ...at('analysis-incomplete'), span: { start: 4, end: 5 } };
    expect([later, at('syntax')].sort(compareDiagnostics).map((diagnostic) => diagnostic.code)).toEqual(['syntax', 'analysis-incomplete']);
  });
});
