// A large, realistic rules file (about `lines` lines) for the protocol tests that
// need a long-running analysis and for the server benchmark: lists of sources,
// channel blocks with UTM, referrer and click-id rules of every operator, some rules
// shadowed by earlier ones, and expectations. Deterministic for a given size.

const MEDIUMS = ['cpc', 'ppc', 'cpm', 'display', 'email', 'social', 'referral', 'affiliate', 'organic', 'push', 'sms', 'video', 'audio'];
const SOURCES = ['google', 'bing', 'yahoo', 'facebook', 'instagram', 'tiktok', 'linkedin', 'twitter', 'reddit', 'pinterest', 'newsletter', 'mailchimp'];

function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function largeRulesFile(lines = 2000, seed = 1): string {
  const next = random(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!;
  const out: string[] = ['# A large generated rules file (test/server/large-rules.ts).', 'case insensitive', ''];
  const lists: string[] = [];
  for (let i = 0; i < 8; i++) {
    const name = `sites_${i}`;
    lists.push(name);
    const values = Array.from({ length: 12 }, (_, j) => `"${pick(SOURCES)}${i}-${j}.example.com"`);
    out.push(`list ${name} = [${values.join(', ')}]`);
  }
  out.push('');
  const condition = (): string => {
    switch (Math.floor(next() * 9)) {
      case 0:
        return `utm_medium = "${pick(MEDIUMS)}"`;
      case 1:
        return `utm_source in ${pick(lists)}`;
      case 2:
        return `utm_source in ["${pick(SOURCES)}", "${pick(SOURCES)}"]`;
      case 3:
        return `utm_campaign contains "${pick(['sale', 'promo', 'brand', 'retarget'])}"`;
      case 4:
        return `referring_domain ends with ".${pick(SOURCES)}.com"`;
      case 5:
        return `utm_medium matches /^(${pick(MEDIUMS)}|${pick(MEDIUMS)})$/`;
      case 6:
        return `${pick(['gclid', 'fbclid', 'msclkid', 'ttclid'])} exists`;
      case 7:
        return `utm_source starts with "${pick(SOURCES).slice(0, 3)}"`;
      default:
        return `utm_medium is not set`;
    }
  };
  let block = 0;
  while (out.length < lines - 12) {
    out.push(`channel "Channel ${block % 40}"`);
    const rules = 3 + Math.floor(next() * 5);
    for (let r = 0; r < rules; r++) {
      const parts = 1 + Math.floor(next() * 3);
      let joined = Array.from({ length: parts }, condition).join(next() < 0.7 ? ' and ' : ' or ');
      // Most rules name their own campaign, as real classifiers' rules are specific.
      if (next() < 0.7) joined = `utm_campaign = "campaign_${block}_${r}" and (${joined})`;
      out.push(`  when ${next() < 0.1 ? `not (${joined})` : joined}`);
    }
    out.push('');
    block++;
  }
  out.push('otherwise "Unassigned"', '');
  out.push('expect "Unassigned" for {}');
  for (let i = 0; i < 4; i++) out.push(`expect "Channel ${i}" for { utm_medium: "${pick(MEDIUMS)}", utm_source: "${pick(SOURCES)}" }`);
  return `${out.join('\n')}\n`;
}
