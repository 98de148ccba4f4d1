import { describe, expect, it } from 'vitest';
import { landingAfterExit } from '../src/features/accounts/account-exit';
import { accountRoute, paths } from '../src/ui/paths';

describe('paths: links into an account', () => {
  it('builds each screen under /a/<slug>', () => {
    expect(paths.account('nordwind')).toBe('/a/nordwind');
    expect(paths.people('nordwind')).toBe('/a/nordwind/people');
    expect(paths.person('nordwind', 'p-1')).toBe('/a/nordwind/people/p-1');
    expect(paths.companies('nordwind')).toBe('/a/nordwind/companies');
    expect(paths.company('nordwind', 'c-1')).toBe('/a/nordwind/companies/c-1');
    expect(paths.deals('nordwind')).toBe('/a/nordwind/deals');
    expect(paths.tasks('nordwind')).toBe('/a/nordwind/tasks');
    expect(paths.tags('nordwind')).toBe('/a/nordwind/tags');
    expect(paths.search('nordwind')).toBe('/a/nordwind/search');
    expect(paths.team('nordwind')).toBe('/a/nordwind/team');
    expect(paths.billing('nordwind')).toBe('/a/nordwind/billing');
    expect(paths.overview('nordwind')).toBe('/a/nordwind/overview');
    expect(paths.playground('nordwind')).toBe('/a/nordwind/playground');
  });

  it('keeps a section by name, and leaves it off when there is none (the account bar keeps the current section)', () => {
    expect(paths.account('nordwind', 'tags')).toBe('/a/nordwind/tags');
    expect(paths.account('nordwind', '')).toBe('/a/nordwind');
  });

  it('keeps an unusual slug or id one path segment', () => {
    expect(paths.playground('a/b?c')).toBe('/a/a%2Fb%3Fc/playground');
    expect(paths.person('x', '1/2')).toBe('/a/x/people/1%2F2');
  });

  it('matches the route the screens are declared under', () => {
    expect(accountRoute).toBe('/a/:slug');
    expect(landingAfterExit([{ status: 'ACTIVE', account: { id: 'b', slug: 'b-slug' } }], 'a')).toBe(paths.account('b-slug'));
  });
});
