import { describe, expect, it } from 'vitest';
import { emailAddressPattern, isEmailAddress, maxEmailLength } from './email-address.js';

/** The reproduction: every dot after the `@` was tried as the domain's last one, for every position after it. */
const backtrackingBomb = (dots: number) => `a@${'x.'.repeat(dots)}@`;

describe('the e-mail address check', () => {
  it('takes addresses of the usual forms and refuses the rest', () => {
    for (const ok of ['a@b.de', 'first.last+tag@mail.example.co.uk', 'ü@münchen.de']) expect(isEmailAddress(ok), ok).toBe(true);
    for (const bad of ['', 'a', 'a@b', 'a@@b.de', 'a b@c.de', 'a@b..de', 'a@.b.de', 'a@b.de.', '@b.de', 'a@b.de@c.de']) expect(isEmailAddress(bad), bad).toBe(false);
  });

  it('refuses an over-long address by its length, before any pattern runs', () => {
    const longest = `${'a'.repeat(maxEmailLength - 'a@b.de'.length + 1)}a@b.de`.slice(1);
    expect(longest).toHaveLength(maxEmailLength);
    expect(isEmailAddress(longest)).toBe(true);
    expect(isEmailAddress(`a${longest}`)).toBe(false);
    // A pattern that would blow up on it is never asked: the length check alone answers.
    const spied = { calls: 0 };
    const test = RegExp.prototype.test;
    RegExp.prototype.test = function (this: RegExp, text: string) {
      spied.calls++;
      return test.call(this, text);
    };
    try {
      expect(isEmailAddress(backtrackingBomb(80_000))).toBe(false);
    } finally {
      RegExp.prototype.test = test;
    }
    expect(spied.calls).toBe(0);
  });

  it('uses a pattern that does not backtrack: the 160 k character worst case takes well under 200 ms', () => {
    for (const text of [backtrackingBomb(80_000), `a@b${'.x'.repeat(80_000)}.`, `${'a.'.repeat(80_000)}@b`, `a@${'x'.repeat(160_000)} `]) {
      const started = performance.now();
      expect(emailAddressPattern.test(text)).toBe(false);
      expect(performance.now() - started).toBeLessThan(200);
    }
  });
});
