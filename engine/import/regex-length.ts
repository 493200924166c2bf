// Import writes no regex that the rules' checker would refuse as too long
// (engine/check/regex-subset's MAX_PATTERN_LENGTH): such a file would not check. A source
// regex over the limit is refused before it is parsed, the one a translation makes
// longer than the limit once written.

import { MAX_PATTERN_LENGTH } from '../check/regex-subset';

/** Why a regex that long is refused, after what it is. */
export function tooLongForRules(): string {
  return `a rules file's regex may have at most ${MAX_PATTERN_LENGTH.toLocaleString('en-US')} characters (channel-rules check refuses a longer one)`;
}
