import { CombinedGraphQLErrors } from '@apollo/client';
import i18next from 'i18next';
import { describe, expect, it } from 'vitest';
import { copyErrorMessage, copyReportLines, copyTargets, type CopyResult } from '../src/features/copy/copy-report';
import { en } from '../src/i18n/locales/en';

const i18n = i18next.createInstance();
await i18n.init({ lng: 'en', resources: { en: { translation: en } } });
const t = i18n.t;

const nothingLeft: CopyResult = {
  target: { id: 't', name: 'Ziel AG', slug: 'ziel-ag-x1' },
  peopleCopied: 2,
  peopleSkipped: 0,
  companiesCopied: 1,
  companiesSkipped: 0,
  notesCopied: 3,
  tasksCopied: 1,
  tasksUnassigned: 0,
  dealsCopied: 0,
  customFieldsDropped: [],
  confidentialNotesLeft: 0,
  filesLeft: 0,
};

describe('the result of a copy', () => {
  it('names what was copied, and nothing about skipping or leaving behind when nothing was', () => {
    expect(copyReportLines(t, nothingLeft)).toEqual(['2 people copied', '1 company copied', 'Notes copied: 3, tasks copied: 1']);
  });

  it('names what was skipped, left without assignee and left behind', () => {
    const lines = copyReportLines(t, { ...nothingLeft, peopleSkipped: 1, companiesSkipped: 1, tasksUnassigned: 1, dealsCopied: 2, customFieldsDropped: ['Person: Shoe size', 'Company: Region'], confidentialNotesLeft: 1, filesLeft: 4 });
    expect(lines).toEqual([
      '2 people copied',
      '1 company copied',
      '2 skipped: the account already has their e-mail addresses',
      'Notes copied: 3, tasks copied: 1',
      '2 deals copied',
      '1 task without assignee: its assignee is not a member there',
      'Values left behind (no such field there): Person: Shoe size, Company: Region',
      '1 confidential note left behind: your role there may not write it',
      '4 files left behind (files are not copied)',
    ]);
  });

  it("says how many more contacts the target's package has room for", () => {
    const error = new CombinedGraphQLErrors({ errors: [{ message: 'over', extensions: { code: 'PLAN_LIMIT_REACHED', limit: 'contacts', max: 3, fits: 1 } }] });
    expect(copyErrorMessage(t, error)).toBe("The other account's package has room for only 1 more contact. Nothing was copied.");
  });
});

describe('the accounts offered as targets', () => {
  const membership = (id: string, status: string, rights: string[]) => ({ id: `m-${id}`, role: 'OWNER', status, rights, account: { id, name: id, slug: id } });
  it('are the other accounts where the user is active and may write records', () => {
    const memberships = [membership('here', 'ACTIVE', ['RECORDS_WRITE']), membership('other', 'ACTIVE', ['RECORDS_WRITE']), membership('gone', 'DEACTIVATED', ['RECORDS_WRITE']), membership('readonly', 'ACTIVE', [])];
    expect(copyTargets(memberships as never, 'here').map((m) => m.account.id)).toEqual(['other']);
  });
});
