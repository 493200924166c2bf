import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { daysFromCivil, parseDateTimeByRegex, parseEventNumber, parseEventTime, parseEventTimeIn } from '../../engine/events/event-time';

const ms = (iso: string): number => Date.parse(iso);

describe('parseEventTime accepts', () => {
  it.each([
    // epoch milliseconds as digits (numbers arrive as their canonical text)
    ['1704103200000', 1704103200000],
    ['0', 0],
    ['0001704103200000', 1704103200000],
    ['8640000000000000', 8.64e15],
    // a whole number with a fraction of zeros (a Parquet DECIMAL(16,3)'s text), as the JSON number of that text reads
    ['1709251200000.000', 1709251200000],
    ['1709251200000.0', 1709251200000],
    // a date alone is midnight UTC
    ['2024-01-01', ms('2024-01-01T00:00:00.000Z')],
    ['2024-02-29', ms('2024-02-29T00:00:00.000Z')],
    ['2000-02-29', ms('2000-02-29T00:00:00.000Z')],
    // T or a space; seconds and fractions optional; UTC unless an offset is given
    ['2024-01-01T10:00', ms('2024-01-01T10:00:00.000Z')],
    ['2024-01-01 10:00', ms('2024-01-01T10:00:00.000Z')],
    ['2024-01-01T10:00Z', ms('2024-01-01T10:00:00.000Z')],
    ['2024-01-01T10:00:30', ms('2024-01-01T10:00:30.000Z')],
    ['2024-01-01 10:00:30Z', ms('2024-01-01T10:00:30.000Z')],
    ['2024-01-01T10:00:30.5', ms('2024-01-01T10:00:30.500Z')],
    ['2024-01-01T10:00:30.12', ms('2024-01-01T10:00:30.120Z')],
    ['2024-01-01T10:00:30.123', ms('2024-01-01T10:00:30.123Z')],
    // fraction digits beyond milliseconds are truncated, never rounded
    ['2024-01-01T10:00:30.1239', ms('2024-01-01T10:00:30.123Z')],
    ['2024-01-01T10:00:30.999999999Z', ms('2024-01-01T10:00:30.999Z')],
    // offsets: ±HH, ±HHMM, ±HH:MM
    ['2024-01-01T10:00+02', ms('2024-01-01T08:00:00.000Z')],
    ['2024-01-01T10:00-02', ms('2024-01-01T12:00:00.000Z')],
    ['2024-01-01T10:00:00+0530', ms('2024-01-01T04:30:00.000Z')],
    ['2024-01-01T10:00:00+05:30', ms('2024-01-01T04:30:00.000Z')],
    ['2024-01-01T10:00:00.250-09:30', ms('2024-01-01T19:30:00.250Z')],
    ['2024-01-01 00:30+01:00', ms('2023-12-31T23:30:00.000Z')],
    ['2024-01-01T10:00:00+00:00', ms('2024-01-01T10:00:00.000Z')],
    ['2024-01-01T10:00:00-00:00', ms('2024-01-01T10:00:00.000Z')],
    // warehouses' exports: BigQuery's ` UTC` (bq extract, CSV and JSON), Snowflake's offset after a space
    ['2024-01-01 10:00:00 UTC', ms('2024-01-01T10:00:00.000Z')],
    ['2024-01-01 10:00:00.123456 UTC', ms('2024-01-01T10:00:00.123Z')],
    ['2024-01-01T10:00 UTC', ms('2024-01-01T10:00:00.000Z')],
    ['2024-01-01 10:00:00.789 -0800', ms('2024-01-01T18:00:00.789Z')],
    ['2024-01-01 10:00:00 +05:30', ms('2024-01-01T04:30:00.000Z')],
    ['2024-01-01 10:00 +01', ms('2024-01-01T09:00:00.000Z')],
    // years before 100 are not shifted into the 1900s
    ['0050-06-15', ms('0050-06-15T00:00:00.000Z')],
    ['0099-12-31T23:59Z', -59011459260000],
    ['0000-02-29', new Date('0000-02-29T00:00:00Z').getTime()],
    ['9999-12-31T23:59:59.999Z', ms('9999-12-31T23:59:59.999Z')],
  ])('%s', (text, expected) => {
    expect(parseEventTime(text)).toBe(expected);
  });
});

describe('parseEventTime rejects', () => {
  it.each([
    [''],
    ['  '],
    ['-1704103200000'],
    ['1704103200000.5'],
    ['1704103200000.001'],
    ['1704103200000.'],
    ['.000'],
    ['1704103200000.000x'],
    ['-1704103200000.000'],
    ['1.7e12'],
    ['8640000000000001'],
    ['2024-1-01'],
    ['24-01-01'],
    ['2024/01/01'],
    ['2024-01-01T'],
    ['2024-01-01T10'],
    ['2024-01-01T10:0'],
    ['2024-01-01t10:00'],
    ['2024-01-01T10:00z'],
    ['2024-01-01T10:00:00.'],
    ['2024-01-01T10:00:00,5'],
    ['2024-01-01T10:00 Z'],
    ['2024-01-01T10:00+5'],
    ['2024-01-01T10:00+05:3'],
    ['2024-01-01T10:00+24:00'],
    ['2024-01-01T10:00+05:60'],
    ['2024-01-01Z'],
    ['2024-01-01+02:00'],
    [' 2024-01-01'],
    ['2024-01-01 '],
    ['2024-01-01T10:00:00Zjunk'],
    ['2024-01-01 UTC'],
    ['2024-01-01 10:00:00UTC'],
    ['2024-01-01 10:00:00  UTC'],
    ['2024-01-01 10:00:00 utc'],
    ['2024-01-01 10:00:00 UTC+1'],
    ['2024-01-01 10:00:00 GMT'],
    ['2024-01-01 10:00:00 America/Los_Angeles'],
    ['2024-01-01 10:00:00  -0800'],
    ['2024-01-01 -0800'],
    ['2024-01-01 10:00:00 Z'],
    // not real dates or times
    ['2024-02-30'],
    ['2023-02-29'],
    ['1900-02-29'],
    ['2024-04-31'],
    ['2024-13-01'],
    ['2024-00-10'],
    ['2024-01-00'],
    ['2024-01-32'],
    ['2024-01-01T24:00'],
    ['2024-01-01T10:60'],
    ['2024-01-01T10:00:60'],
    ['Mon, 01 Jan 2024 10:00:00 GMT'],
    ['true'],
  ])('%j', (text) => {
    expect(parseEventTime(text)).toBeUndefined();
  });
});

describe('parseEventTime agrees with Date for every valid instant', () => {
  it('round-trips toISOString', () => {
    fc.assert(
      fc.property(fc.date({ min: new Date('0000-01-01T00:00:00Z'), max: new Date('9999-12-31T23:59:59.999Z'), noInvalidDate: true }), (date) => {
        expect(parseEventTime(date.toISOString())).toBe(date.getTime());
        expect(parseEventTime(String(date.getTime() >= 0 ? date.getTime() : 0))).toBe(Math.max(0, date.getTime()));
      }),
    );
  });

  it('applies any offset as local time minus the offset', () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date('1000-01-01T00:00:00Z'), max: new Date('9000-12-31T23:59:59.999Z'), noInvalidDate: true }),
        fc.integer({ min: -23 * 60 - 59, max: 23 * 60 + 59 }),
        (date, offsetMinutes) => {
          const local = date.toISOString().slice(0, 23); // YYYY-MM-DDTHH:MM:SS.mmm
          const sign = offsetMinutes < 0 ? '-' : '+';
          const abs = Math.abs(offsetMinutes);
          const offset = `${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
          expect(parseEventTime(local + offset)).toBe(date.getTime() - offsetMinutes * 60_000);
        },
      ),
    );
  });
});

describe('daysFromCivil', () => {
  it("is Date.UTC's day count for every date of years 0–9999", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 9999 }), fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 31 }), (year, month, day) => {
        const utc = new Date(0);
        utc.setUTCFullYear(year, month - 1, day);
        // Only real calendar dates: the parser refuses 2024-02-30 before this is asked.
        fc.pre(utc.getUTCDate() === day);
        expect(daysFromCivil(year, month, day) * 86_400_000).toBe(utc.getTime());
      }),
      { numRuns: 2000 },
    );
    for (const [year, month, day] of [[0, 1, 1], [0, 2, 29], [0, 3, 1], [1969, 12, 31], [1970, 1, 1], [2000, 2, 29], [2100, 3, 1], [9999, 12, 31]] as const) {
      const utc = new Date(0);
      utc.setUTCFullYear(year, month - 1, day);
      expect(daysFromCivil(year, month, day) * 86_400_000).toBe(utc.getTime());
    }
  });
});

describe('the fast path for common forms', () => {
  it('agrees with the regex definition on near-valid text', () => {
    const two = fc.integer({ min: 0, max: 99 }).map((n) => String(n).padStart(2, '0'));
    const piece = fc.oneof(
      fc.constantFrom('-', ':', 'T', ' ', 'Z', '.', '+', 'x', '', '0', '9'),
      two,
      fc.integer({ min: 0, max: 9999 }).map((n) => String(n).padStart(4, '0')),
    );
    const nearValid = fc
      .tuple(
        fc.integer({ min: 0, max: 9999 }).map((n) => String(n).padStart(4, '0')),
        two,
        two,
        fc.constantFrom('', 'T', ' ', 't'),
        two,
        two,
        fc.constantFrom('', ':'),
        two,
        fc.constantFrom('', '.', '.5', '.123', '.123456789', '.x'),
        fc.constantFrom('', 'Z', '+01', '-0130', '+05:30', 'z', ' ', ' UTC', ' utc', 'UTC', ' -0800', ' +05:30', '  UTC'),
        fc.array(piece, { maxLength: 2 }),
      )
      .map(([y, mo, d, sep, h, mi, colon, s, frac, zone, noise]) => {
        const time = sep === '' ? '' : `${sep}${h}:${mi}${colon === '' ? '' : `:${s}${frac}`}${zone}`;
        return `${y}-${mo}-${d}${time}${noise.join('')}`;
      });
    // A common form with one character replaced anywhere: a year such as `202 ` once
    // passed the fast path's digit checks (its sum stayed positive) and parsed as 1920.
    const oneCharacterOff = fc
      .tuple(
        fc.constantFrom('2024-03-01', '2024-03-01T10:20', '2024-03-01T10:20:30', '2024-03-01T10:20:30.123Z', '2024-03-01 10:20:30.123456', '2024-03-01 10:20:30.123456 UTC', '9999-12-31T23:59:59.999Z', '0000-01-01T00:00:00Z'),
        fc.nat(),
        fc.constantFrom(' ', 'x', '/', ':', '-', '.', 'T', 'Z', '+', '0', '9', '\u0660', '\u00e9'),
      )
      .map(([text, at, character]) => text.slice(0, at % text.length) + character + text.slice((at % text.length) + 1));
    fc.assert(
      fc.property(fc.oneof(nearValid, oneCharacterOff, fc.array(piece, { maxLength: 12 }).map((p) => p.join(''))), (text) => {
        // Numbers (digits, or digits and a fraction of zeros) are not date-times.
        fc.pre(!/^\d+(\.0+)?$/.test(text));
        expect(parseEventTime(text)).toBe(parseDateTimeByRegex(text));
      }),
      { numRuns: 5000 },
    );
  });

  it('rejects a non-digit in any place of the year, as the regex does', () => {
    for (const text of ['202 -03-01T00:00:00Z', '20x4-01-01', '999x-01-01T00:00:00Z', '2\u06604-01-01']) {
      expect(parseEventTime(text), text).toBeUndefined();
      expect(parseDateTimeByRegex(text), text).toBeUndefined();
    }
  });
});

describe('microseconds given as text', () => {
  it('read as whole milliseconds, by their digits (the fast path) as by a slice and Number', () => {
    const digitText = fc.oneof(
      fc.stringMatching(/^[0-9]{0,22}$/),
      fc.stringMatching(/^[0-9]{14,19}$/),
      fc.stringMatching(/^[0-9]{0,17}[^0-9]?[0-9]{0,3}$/),
      fc.constantFrom('', '0', '999', '1000', '000001709251203752000', '8640000000000000000', '8640000000000000999', '8640000000000001000', '9007199254740993000', '999999999999999999'),
    );
    // SPEC §3.2: the digits without their last three, as a number (the general path's
    // definition); a whole number written with a fraction of zeros is its digits.
    const reference = (written: string): number | undefined => {
      const text = /^(\d+)\.0+$/.exec(written)?.[1] ?? written;
      if (!/^\d+$/.test(text)) return parseEventTime(text);
      const ms = Number(text.length <= 3 ? '0' : text.slice(0, -3));
      return ms <= 8.64e15 ? ms : undefined;
    };
    fc.assert(
      fc.property(digitText, (text) => {
        expect(parseEventTimeIn(text, 'us')).toBe(reference(text));
      }),
      { numRuns: 5000 },
    );
  });
});

describe('a time given as a number', () => {
  it('reads as its text does, in every unit, without making the text when it is plain digits', () => {
    const units = ['ms', 's', 'us', 's-or-ms'] as const;
    const numbers = fc.oneof(
      fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }),
      fc.integer({ min: 1_000_000_000_000, max: 2_000_000_000_000 }),
      fc.integer({ min: 1_000_000_000_000_000, max: 2_000_000_000_000_000 }),
      fc.integer({ min: -Number.MAX_SAFE_INTEGER, max: 0 }),
      fc.double({ noNaN: false }),
      fc.constantFrom(0, -0, 8.64e15, 8.64e15 + 1, 8.64e18, 8.64e18 + 1000, 8.64e18 - 1000, 2 ** 53, 2 ** 53 + 2, 1e21, 999, 1000, 1001, 0.5, NaN, Infinity),
    );
    fc.assert(
      fc.property(numbers, fc.constantFrom(...units), (value, unit) => {
        expect(parseEventNumber(value, unit)).toBe(parseEventTimeIn(String(value), unit));
      }),
      { numRuns: 5000 },
    );
  });
});

describe("Mixpanel's seconds or milliseconds (s-or-ms)", () => {
  it('decides by the whole seconds written, not by the text rounded to a double', () => {
    // Number("99999999999.9999999") is 1e11: the fraction rounded the time into milliseconds, and it was refused.
    expect(parseEventTimeIn('99999999999.9999999', 's-or-ms')).toBe(99_999_999_999_999);
    expect(parseEventTimeIn('99999999999.999', 's-or-ms')).toBe(99_999_999_999_999);
    expect(parseEventTimeIn('099999999999.5', 's-or-ms')).toBe(99_999_999_999_500);
    expect(parseEventTimeIn('100000000000', 's-or-ms')).toBe(100_000_000_000);
    expect(parseEventTimeIn('100000000000.5', 's-or-ms')).toBeUndefined();
  });
});

describe('a whole number written with a fraction of zeros', () => {
  it('is read in every unit as the same number without it', () => {
    for (const unit of ['ms', 'us', 's', 's-or-ms'] as const) {
      for (const digits of ['1709251200000', '1709251200000000', '1709251200', '0', '999']) {
        expect([unit, digits, parseEventTimeIn(`${digits}.000`, unit)]).toEqual([unit, digits, parseEventTimeIn(digits, unit)]);
      }
      expect(parseEventTimeIn('1709251200000.010', unit === 's' ? 'ms' : unit)).toBeUndefined();
    }
  });
});
