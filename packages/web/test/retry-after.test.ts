import { CombinedGraphQLErrors } from '@apollo/client';
import { describe, expect, it } from 'vitest';
import { retryAfterMinutes } from '../src/features/verification/retry-after';

const refusal = (extensions: Record<string, unknown>) => new CombinedGraphQLErrors({ errors: [{ message: 'refused', extensions }] });

describe('retryAfterMinutes', () => {
  it("rounds a RATE_LIMITED answer's seconds up to whole minutes, at least one", () => {
    expect(retryAfterMinutes(refusal({ code: 'RATE_LIMITED', retryAfterSeconds: 3599 }))).toBe(60);
    expect(retryAfterMinutes(refusal({ code: 'RATE_LIMITED', retryAfterSeconds: 61 }))).toBe(2);
    expect(retryAfterMinutes(refusal({ code: 'RATE_LIMITED', retryAfterSeconds: 5 }))).toBe(1);
  });

  it('is undefined for other errors, which get their usual message', () => {
    expect(retryAfterMinutes(refusal({ code: 'MAIL_NOT_SENT' }))).toBeUndefined();
    expect(retryAfterMinutes(refusal({ code: 'RATE_LIMITED' }))).toBeUndefined();
    expect(retryAfterMinutes(new TypeError('Failed to fetch'))).toBeUndefined();
  });
});
