/**
 * What an account package holds (README, "Import and export"): a ZIP with
 * `manifest.json`, one JSON Lines file per record type, the files' bytes
 * under `files/`, and CSV copies of the lists under `csv/`. A record in a
 * JSON Lines file is its table's row with every column (snake_case, as
 * PostgreSQL names them), relations by ID, relations kept in link tables as
 * arrays of IDs (`tag_ids`, `person_ids`), and custom values as
 * `custom_fields: { <field ID>: value }`. Left out: what the database derives
 * again (search vectors, a company's name copied onto its people and deals,
 * the text of custom values for search) and where things are stored
 * (custom columns' names, files' storage keys).
 *
 * The files come in the order an import needs them: whatever a record points
 * to comes in an earlier file. Within a file, records are in a natural order
 * (creation, position, name), so two packages of the same data list them
 * alike whatever their IDs.
 */
export const packageFormat = 'kontor-account-package';
export const packageFormatVersion = 1;

/** How long a made package can be downloaded. */
export const packageLifetimeDays = 7;

export type CustomTable = 'person' | 'company' | 'deal';

export interface RecordFile {
  /** The JSON Lines file's name in the package. */
  name: string;
  table: string;
  /** Columns that are not part of the package's record (derived again on import, or where something is stored). */
  omit: string[];
  /** Relations kept in link tables, as arrays of IDs: key -> an SQL expression over `t`. */
  links?: Record<string, string>;
  /** SQL `order by` over `t`. */
  order: string;
  /** The record type whose custom fields are columns of this table. */
  custom?: CustomTable;
}

const tagIds = (table: CustomTable) =>
  `coalesce((select jsonb_agg(x.tag_id order by lower(g.name)) from ${table}_tag x join tag g on g.id = x.tag_id where x.${table}_id = t.id), '[]'::jsonb)`;
const derived = ['search_vector', 'custom_text'];

export const recordFiles: readonly RecordFile[] = [
  { name: 'custom_fields.jsonl', table: 'custom_field', omit: ['column_name'], order: 't.record_type, t.position, t.id' },
  { name: 'tags.jsonl', table: 'tag', omit: [], order: 'lower(t.name), t.id' },
  { name: 'companies.jsonl', table: 'company', omit: derived, links: { tag_ids: tagIds('company') }, order: 't.created_at, lower(t.name), t.id', custom: 'company' },
  { name: 'people.jsonl', table: 'person', omit: [...derived, 'company_name'], links: { tag_ids: tagIds('person') }, order: 't.created_at, lower(t.last_name), lower(t.first_name), t.id', custom: 'person' },
  { name: 'pipelines.jsonl', table: 'pipeline', omit: [], order: 't.position, t.created_at, t.id' },
  { name: 'phases.jsonl', table: 'phase', omit: [], order: '(select p.position from pipeline p where p.id = t.pipeline_id), t.position, t.id' },
  {
    name: 'deals.jsonl',
    table: 'deal',
    omit: [...derived, 'company_name'],
    links: {
      tag_ids: tagIds('deal'),
      person_ids: `coalesce((select jsonb_agg(x.person_id order by p.created_at, lower(p.last_name), lower(p.first_name)) from deal_person x join person p on p.id = x.person_id where x.deal_id = t.id), '[]'::jsonb)`,
    },
    order: 't.created_at, lower(t.title), t.id',
    custom: 'deal',
  },
  { name: 'deal_phase_changes.jsonl', table: 'deal_phase_change', omit: [], order: 't.changed_at, t.id' },
  { name: 'tasks.jsonl', table: 'task', omit: [], order: 't.created_at, lower(t.title), t.id' },
  { name: 'notes.jsonl', table: 'note', omit: [], order: 't.created_at, t.body, t.id' },
  { name: 'files.jsonl', table: 'file', omit: ['storage_key'], order: 't.created_at, t.name, t.id' },
  { name: 'timeline.jsonl', table: 'activity', omit: [], order: 't.occurred_at, t.subject_type, t.kind, t.id' },
];

/** The members of the account and everyone its records name (authors, assignees), so an import can find them again by e-mail. */
export const usersFile = 'users.jsonl';
export const manifestFile = 'manifest.json';

/** Columns that name a user (a login, outside the account): mapped by e-mail on import. */
export const userColumns: readonly string[] = ['created_by', 'responsible_user_id', 'assignee_user_id', 'actor_user_id', 'uploaded_by', 'changed_by'];

/** Where a file's bytes are in the package. */
export const filePathOf = (id: string, name: string): string => `files/${id}/${name.replace(/[\\/\u0000-\u001f]/g, '_').replace(/^\.+/, '_') || 'file'}`;

export interface PackageManifest {
  format: typeof packageFormat;
  version: number;
  account: { id: string; name: string };
  createdAt: string;
  createdBy: { id: string; name: string; email: string };
  /** Records per JSON Lines file. */
  records: Record<string, number>;
}
