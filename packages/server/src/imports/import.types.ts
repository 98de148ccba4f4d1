import { Field, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { ImportField, ImportKind } from './import-fields.js';
import { ImportProblem } from './import-row.js';
import { DuplicateMode } from './import-writer.js';

export enum ImportStatus {
  /** The file has been read; the columns are to be mapped. */
  UPLOADED = 'UPLOADED',
  /** Started; waiting for a worker. */
  QUEUED = 'QUEUED',
  RUNNING = 'RUNNING',
  DONE = 'DONE',
  /** Stopped at the package's contact limit (`stopReason`): the rows before it are imported, the rest are in the failed rows. */
  STOPPED = 'STOPPED',
  FAILED = 'FAILED',
  /** Undone: what it created is removed, what it updated restored. */
  UNDONE = 'UNDONE',
}
registerEnumType(ImportStatus, { name: 'ImportStatus', description: 'Where an import stands.' });

export enum ImportRowAction {
  CREATE = 'CREATE',
  UPDATE = 'UPDATE',
  SKIP = 'SKIP',
  FAIL = 'FAIL',
}
registerEnumType(ImportRowAction, { name: 'ImportRowAction', description: 'What an import will do with a row.' });

@ObjectType({ description: 'An import of people or companies from a file: its settings, progress and result.' })
export class ImportRun {
  @Field(() => ID) id!: string;
  @Field(() => ImportKind) kind!: ImportKind;
  @Field({ description: 'The uploaded file name.' }) fileName!: string;
  @Field({ description: 'CSV, XLSX or VCARD: the file as it was uploaded (kept as the CSV it became).' }) format!: string;
  @Field(() => String, { nullable: true, description: 'The encoding the file was read in (utf-8, windows-1252, …).' }) encoding!: string | null;
  @Field(() => String, { nullable: true, description: 'The delimiter found in the file.' }) delimiter!: string | null;
  @Field(() => [String], { description: 'The column headers of the file.' }) headers!: string[];
  @Field(() => [ImportField], { description: 'The fields a column of this kind of import can be mapped to.' }) fields!: readonly ImportField[];
  @Field(() => [ImportField], { nullable: 'items', description: 'Per column, the field its header suggests (null: none).' }) suggestedMapping!: (ImportField | null)[];
  @Field(() => [ImportField], { nullable: 'itemsAndList', description: 'Per column, the field chosen when the import was started.' }) mapping!: (ImportField | null)[] | null;
  @Field(() => [ID], { nullable: 'itemsAndList', description: 'Per column, the custom field chosen when the import was started (null: none).' }) customFieldMapping!: (string | null)[] | null;
  @Field(() => DuplicateMode, { nullable: true }) duplicates!: DuplicateMode | null;
  @Field(() => ImportStatus) status!: ImportStatus;
  @Field(() => Int, { description: 'Rows under the header.' }) rowsTotal!: number;
  @Field(() => Int, { description: 'Rows worked off so far (created, updated, skipped or failed).' }) rowsDone!: number;
  @Field(() => Int) rowsCreated!: number;
  @Field(() => Int) rowsUpdated!: number;
  @Field(() => Int) rowsSkipped!: number;
  @Field(() => Int) rowsFailed!: number;
  @Field(() => String, { nullable: true, description: 'Why the import stopped early: CONTACT_LIMIT (see contactLimit), NO_RIGHT, or PACKAGE_IMPORT (a package was being brought into the account; nothing may mix with it).' }) stopReason!: string | null;
  @Field(() => Int, { nullable: true, description: "The package's contact limit, when it stopped the import." }) contactLimit!: number | null;
  @Field(() => Int, { nullable: true, description: 'Estimated seconds until a running import is done.' }) secondsLeft!: number | null;
  @Field() createdAt!: Date;
  @Field(() => Date, { nullable: true }) startedAt!: Date | null;
  @Field(() => Date, { nullable: true }) finishedAt!: Date | null;
  @Field(() => Date, { nullable: true }) undoneAt!: Date | null;
  @Field(() => Date, { nullable: true, description: 'Until when the import can be undone (7 days after it finished).' }) undoableUntil!: Date | null;
  @Field({ description: 'Where the failed rows can be downloaded as CSV (with the Authorization header).' }) failuresPath!: string;
}

@ObjectType({ description: 'A problem of an import row, or something importing it will do besides.' })
export class ImportIssue {
  @Field(() => ImportProblem) problem!: ImportProblem;
  @Field(() => String, { nullable: true, description: 'The value or field concerned.' }) value!: string | null;
  @Field({ description: 'Whether the row cannot be imported because of it.' }) blocking!: boolean;
}

@ObjectType({ description: 'A row of the file as it will be stored.' })
export class ImportPreviewRow {
  @Field(() => Int, { description: 'Its line in the file (the header is 1).' }) rowNumber!: number;
  @Field(() => ImportRowAction) action!: ImportRowAction;
  @Field() firstName!: string;
  @Field() lastName!: string;
  @Field({ description: "For companies: the company's name." }) name!: string;
  @Field(() => [String]) emails!: string[];
  @Field(() => [String]) phones!: string[];
  @Field(() => String, { nullable: true }) position!: string | null;
  @Field(() => String, { nullable: true }) company!: string | null;
  @Field(() => String, { nullable: true }) website!: string | null;
  @Field(() => String, { nullable: true }) street!: string | null;
  @Field(() => String, { nullable: true }) postalCode!: string | null;
  @Field(() => String, { nullable: true }) city!: string | null;
  @Field(() => String, { nullable: true }) country!: string | null;
  @Field(() => String, { nullable: true }) birthday!: string | null;
  @Field(() => [String]) tags!: string[];
  @Field(() => [ImportIssue]) issues!: ImportIssue[];
}

@InputType({ description: 'How to import: the field per column (null: ignore the column) and what to do with duplicates.' })
export class StartImportInput {
  @Field(() => [ImportField], { nullable: 'items' }) mapping!: (ImportField | null)[];
  @Field(() => [ID], { nullable: 'itemsAndList', description: 'Per column, a custom field of the record type to fill from it (null: none); a column maps to a field of `mapping` or to a custom field, not both.' })
  customFields?: (string | null)[] | null;
  @Field(() => DuplicateMode) duplicates!: DuplicateMode;
}

@ObjectType({ description: 'What undoing an import did.' })
export class ImportUndoResult {
  @Field(() => ImportRun) run!: ImportRun;
  @Field(() => Int, { description: 'Records the import had created that were deleted.' }) deleted!: number;
  @Field(() => Int, { description: 'Records the import had updated that were restored.' }) restored!: number;
  @Field(() => [ID], { description: 'Records changed since the import: left as they are.' }) keptChanged!: string[];
}
