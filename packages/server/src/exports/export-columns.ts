import { registerEnumType } from 'type-graphql';
import type { SupportedLocale } from '../auth/users.js';
import type { Company } from '../crm/companies/company.entity.js';
import type { Deal } from '../crm/deals/deal.entity.js';
import type { Person } from '../crm/people/person.entity.js';
import type { Task } from '../crm/tasks/task.entity.js';
import type { CustomFieldValue } from '../customfields/custom-field-value.types.js';

/** Which list an export is of. */
export enum ExportList {
  PEOPLE = 'PEOPLE',
  COMPANIES = 'COMPANIES',
  DEALS = 'DEALS',
  TASKS = 'TASKS',
}
registerEnumType(ExportList, { name: 'ExportList', description: 'A list that can be exported.' });

export enum ExportFormat {
  /** UTF-8 with a byte order mark (so spreadsheet programs read umlauts right), comma-separated. */
  CSV = 'CSV',
  XLSX = 'XLSX',
  /** vCard 4.0, one card per person: people only. */
  VCARD = 'VCARD',
}
registerEnumType(ExportFormat, { name: 'ExportFormat', description: 'The file format of an export: CSV, XLSX, or VCARD (people only).' });

/** Names the rows of a page refer to by ID, looked up once per page (export-rows.ts). */
export interface PageLookups {
  /** Users (responsible, assignee) by ID: their name as shown. */
  users: Map<string, string>;
  /** Tag names of each record of the page, by record ID. */
  tags: Map<string, string[]>;
  /** Names of the records, pipelines and phases the rows point to, by ID. */
  names: Map<string, string>;
  /** The custom values of each record of the page, by record ID (read only when a custom column is exported). */
  custom: Map<string, CustomFieldValue[]>;
}

type Cell = string | number | boolean | null;
type Label = Record<SupportedLocale, string>;

export interface ExportColumn<Row> {
  key: string;
  label: Label;
  value(row: Row, lookups: PageLookups): Cell;
}

/** Several values in one cell, separated as the importer splits them again (imports/import-row.ts). */
export const joined = (values: readonly string[]) => values.join('; ');
const nameOf = (lookups: PageLookups, id: string | null | undefined) => (id ? (lookups.names.get(id) ?? null) : null);
const userOf = (lookups: PageLookups, id: string | null | undefined) => (id ? (lookups.users.get(id) ?? null) : null);
const isoDateTime = (value: Date | string) => new Date(value).toISOString();

function column<Row>(key: string, label: Label, value: (row: Row, lookups: PageLookups) => Cell): ExportColumn<Row> {
  return { key, label, value };
}

/** Columns every record has, each list's own before them. */
function recordColumns<Row extends { id: string; createdAt: Date; updatedAt: Date }>(): ExportColumn<Row>[] {
  return [
    column('createdAt', { en: 'Created', de: 'Erstellt', es: 'Creado' }, (row) => isoDateTime(row.createdAt)),
    column('updatedAt', { en: 'Updated', de: 'Geändert', es: 'Modificado' }, (row) => isoDateTime(row.updatedAt)),
    column('id', { en: 'ID', de: 'ID', es: 'ID' }, (row) => row.id),
  ];
}

interface Addressed {
  street?: string | null;
  postalCode?: string | null;
  city?: string | null;
  country?: string | null;
}

function addressColumns<Row extends Addressed>(): ExportColumn<Row>[] {
  return [
    column('street', { en: 'Street', de: 'Straße', es: 'Calle' }, (row) => row.street ?? null),
    column('postalCode', { en: 'Postal code', de: 'PLZ', es: 'Código postal' }, (row) => row.postalCode ?? null),
    column('city', { en: 'City', de: 'Ort', es: 'Ciudad' }, (row) => row.city ?? null),
    column('country', { en: 'Country', de: 'Land', es: 'País' }, (row) => row.country ?? null),
  ];
}

const tagsColumn = <Row extends { id: string }>() => column<Row>('tags', { en: 'Tags', de: 'Schlagworte', es: 'Etiquetas' }, (row, lookups) => joined(lookups.tags.get(row.id) ?? []));
const responsibleColumn = <Row extends { responsibleUserId?: string | null }>() =>
  column<Row>('responsible', { en: 'Responsible', de: 'Verantwortlich', es: 'Responsable' }, (row, lookups) => userOf(lookups, row.responsibleUserId));

/**
 * The columns of each list, in their default order. Header names follow the
 * exporting user's language and are the ones the importer recognises, so an
 * exported file can be imported again as it is.
 */
export const exportColumns = {
  [ExportList.PEOPLE]: [
    column<Person>('firstName', { en: 'First name', de: 'Vorname', es: 'Nombre' }, (row) => row.firstName),
    column<Person>('lastName', { en: 'Last name', de: 'Nachname', es: 'Apellidos' }, (row) => row.lastName),
    column<Person>('emails', { en: 'Email', de: 'E-Mail', es: 'Correo electrónico' }, (row) => joined(row.emails)),
    column<Person>('phones', { en: 'Phone', de: 'Telefon', es: 'Teléfono' }, (row) => joined(row.phones)),
    column<Person>('position', { en: 'Position', de: 'Position', es: 'Cargo' }, (row) => row.position ?? null),
    column<Person>('company', { en: 'Company', de: 'Firma', es: 'Empresa' }, (row) => row.companyName ?? null),
    ...addressColumns<Person>(),
    column<Person>('birthday', { en: 'Birthday', de: 'Geburtstag', es: 'Cumpleaños' }, (row) => row.birthday ?? null),
    tagsColumn<Person>(),
    responsibleColumn<Person>(),
    ...recordColumns<Person>(),
  ],
  [ExportList.COMPANIES]: [
    column<Company>('name', { en: 'Company', de: 'Firma', es: 'Empresa' }, (row) => row.name),
    column<Company>('website', { en: 'Website', de: 'Website', es: 'Sitio web' }, (row) => row.website ?? null),
    column<Company>('emails', { en: 'Email', de: 'E-Mail', es: 'Correo electrónico' }, (row) => joined(row.emails)),
    column<Company>('phones', { en: 'Phone', de: 'Telefon', es: 'Teléfono' }, (row) => joined(row.phones)),
    ...addressColumns<Company>(),
    tagsColumn<Company>(),
    responsibleColumn<Company>(),
    ...recordColumns<Company>(),
  ],
  [ExportList.DEALS]: [
    column<Deal>('title', { en: 'Title', de: 'Titel', es: 'Título' }, (row) => row.title),
    column<Deal>('company', { en: 'Company', de: 'Firma', es: 'Empresa' }, (row) => row.companyName ?? null),
    column<Deal>('pipeline', { en: 'Pipeline', de: 'Pipeline', es: 'Embudo' }, (row, lookups) => nameOf(lookups, row.pipelineId)),
    column<Deal>('phase', { en: 'Phase', de: 'Phase', es: 'Fase' }, (row, lookups) => nameOf(lookups, row.phaseId)),
    column<Deal>('status', { en: 'Status', de: 'Status', es: 'Estado' }, (row) => row.status),
    // A number, not a formatted string: spreadsheets sum it.
    column<Deal>('value', { en: 'Value', de: 'Wert', es: 'Valor' }, (row) => row.valueCents / 100),
    column<Deal>('currency', { en: 'Currency', de: 'Währung', es: 'Moneda' }, (row) => row.currency),
    column<Deal>('probability', { en: 'Probability (%)', de: 'Wahrscheinlichkeit (%)', es: 'Probabilidad (%)' }, (row) => row.probability),
    column<Deal>('targetDate', { en: 'Target date', de: 'Zieldatum', es: 'Fecha objetivo' }, (row) => row.targetDate ?? null),
    tagsColumn<Deal>(),
    responsibleColumn<Deal>(),
    ...recordColumns<Deal>(),
  ],
  [ExportList.TASKS]: [
    column<Task>('title', { en: 'Title', de: 'Titel', es: 'Título' }, (row) => row.title),
    column<Task>('dueDate', { en: 'Due', de: 'Fällig', es: 'Vence' }, (row) => row.dueDate ?? null),
    column<Task>('done', { en: 'Done', de: 'Erledigt', es: 'Hecha' }, (row) => row.done),
    column<Task>('doneAt', { en: 'Done at', de: 'Erledigt am', es: 'Hecha el' }, (row) => (row.doneAt ? isoDateTime(row.doneAt) : null)),
    column<Task>('assignee', { en: 'Assignee', de: 'Zuständig', es: 'Asignada a' }, (row, lookups) => userOf(lookups, row.assigneeUserId)),
    column<Task>('person', { en: 'Person', de: 'Person', es: 'Persona' }, (row, lookups) => nameOf(lookups, row.personId)),
    column<Task>('company', { en: 'Company', de: 'Firma', es: 'Empresa' }, (row, lookups) => nameOf(lookups, row.companyId)),
    column<Task>('deal', { en: 'Deal', de: 'Deal', es: 'Trato' }, (row, lookups) => nameOf(lookups, row.dealId)),
    ...recordColumns<Task>(),
  ],
} satisfies { [List in ExportList]: ExportColumn<never>[] };

export type ExportRow = Person | Company | Deal | Task;

/** The columns with these keys, in the order given, out of all a list has (listColumnsOf); all of them when none are given. Unknown keys: their list. */
export function chosenColumns(all: ExportColumn<ExportRow>[], keys: readonly string[] | undefined): { columns: ExportColumn<ExportRow>[]; unknown: string[] } {
  if (!keys || keys.length === 0) return { columns: all, unknown: [] };
  const byKey = new Map(all.map((c) => [c.key, c]));
  const unique = [...new Set(keys)];
  return { columns: unique.flatMap((key) => byKey.get(key) ?? []), unknown: unique.filter((key) => !byKey.has(key)) };
}
