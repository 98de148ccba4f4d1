import { describe, expect, it } from 'vitest';
import { describeChanges } from './describe-changes';

describe('describeChanges', () => {
  it('writes from/to, lists, names and plain values on one line, leaving the IDs of deleted records out', () => {
    expect(describeChanges('{"role":{"from":"NORMAL","to":"EXTENDED"}}')).toBe('role: NORMAL → EXTENDED');
    expect(describeChanges('{"fields":["city","vatId"]}')).toBe('fields: city, vatId');
    expect(describeChanges('{"successor":{"membershipId":"m1","name":"Ada"},"kind":"PERSON","count":2,"ids":["a","b"]}')).toBe('successor: Ada; kind: PERSON; count: 2');
    expect(describeChanges('{}')).toBe('');
    expect(describeChanges('not json')).toBe('not json');
  });
});
