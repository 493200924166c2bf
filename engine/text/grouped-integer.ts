// A safe integer with its thousands separated by commas, as Intl's en-US number format
// writes it, without Intl: the first Intl number format a thread makes costs it about
// 10 ms (ICU's locale data), which every reading thread paid as it loaded, for one
// message (engine/report/range-columns' TOO_LONG_LINE), and a call costs about a
// microsecond, most of a text report of thousands of channels (cli/format/table).

/** `value` (a safe integer, not -0) grouped: 1234567 → "1,234,567", -1000 → "-1,000". */
export function groupedInteger(value: number): string {
  const grouped = groupedDigits(String(value < 0 ? -value : value));
  return value < 0 ? `-${grouped}` : grouped;
}

/** Decimal digits (no sign, no leading zeros but a lone 0) with commas every three from the right. */
export function groupedDigits(digits: string): string {
  if (digits.length <= 3) return digits;
  const head = digits.length % 3 || 3;
  let grouped = digits.slice(0, head);
  for (let at = head; at < digits.length; at += 3) grouped += `,${digits.slice(at, at + 3)}`;
  return grouped;
}
