/**
 * Every link into an account's screens, built in one place: `/a/<slug>/…`.
 * The slug names the account the tab works in (the session scopes its token
 * to it); ids name a record. Both are encoded, so an unusual value stays one
 * path segment.
 */

/** The route of an account's screens (App.tsx); its children are the sections below. */
export const accountRoute = '/a/:slug';

const segment = encodeURIComponent;

function account(slug: string, section?: string): string {
  return section ? `/a/${segment(slug)}/${section}` : `/a/${segment(slug)}`;
}

export const paths = {
  /** The signed-in user's own page: name, language, e-mail, password, second factor. */
  profile: '/profile',
  /** The account's start (its people), or one of its sections by name: `account(slug, 'people')`. */
  account,
  overview: (slug: string) => account(slug, 'overview'),
  people: (slug: string) => account(slug, 'people'),
  person: (slug: string, id: string) => account(slug, `people/${segment(id)}`),
  companies: (slug: string) => account(slug, 'companies'),
  company: (slug: string, id: string) => account(slug, `companies/${segment(id)}`),
  deals: (slug: string) => account(slug, 'deals'),
  tasks: (slug: string) => account(slug, 'tasks'),
  tags: (slug: string) => account(slug, 'tags'),
  imports: (slug: string) => account(slug, 'imports'),
  importRun: (slug: string, id: string) => account(slug, `imports/${segment(id)}`),
  search: (slug: string) => account(slug, 'search'),
  /** My open tasks across all my accounts, shown inside the current one. */
  myWork: (slug: string) => account(slug, 'my-work'),
  team: (slug: string) => account(slug, 'team'),
  billing: (slug: string) => account(slug, 'billing'),
  integrations: (slug: string) => account(slug, 'integrations'),
  customFields: (slug: string) => account(slug, 'fields'),
  playground: (slug: string) => account(slug, 'playground'),
};
