import { Arg, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { suggestCustomFieldMapping } from '../customfields/custom-field-import.js';
import type { AccountScope } from '../request/account-scope.js';
import { InAccount } from '../request/access.js';
import type { RequestContext } from '../request/context.js';
import { Scope, Work } from '../request/parameters.js';
import type { UnitOfWork } from '../request/unit-of-work.js';
import { ImportField, recordTypeOfImport } from './import-fields.js';
import { DuplicateMode } from './import-writer.js';
import { findImportRun, listImportRuns, previewImport, startImport } from './import.service.js';
import { ImportPreviewRow, ImportRun, ImportStatus, ImportUndoResult, StartImportInput } from './import.types.js';
import { undoImport } from './import-undo.js';
import { UndoneWithRequest } from '../graphql/mutation-batch.js';

/** Imports (upload: POST /imports, see import-upload.ts). Everything here needs the `records.import` right. */
@Resolver(() => ImportRun)
export class ImportsResolver {
  @InAccount('records.import')
  @Query(() => ImportRun, { nullable: true, description: 'An import of this account, or null.' })
  importRun(@Arg('id', () => ID) id: string, @Work() work: UnitOfWork): Promise<ImportRun | null> {
    return findImportRun(work, id);
  }

  @InAccount('records.import')
  @Query(() => [ImportRun], { description: 'The newest imports of this account (first ≤ 50).' })
  importRuns(@Work() work: UnitOfWork, @Arg('first', () => Int, { defaultValue: 20 }) first: number): Promise<ImportRun[]> {
    return listImportRuns(work, first);
  }

  @InAccount('records.import')
  @Query(() => [ImportPreviewRow], { description: 'The first rows (≤ 50) as they will be stored with this mapping, each with its problems.' })
  importPreview(
    @Work() work: UnitOfWork,
    @Arg('id', () => ID) id: string,
    @Arg('mapping', () => [ImportField], { nullable: 'items' }) mapping: (ImportField | null)[],
    @Arg('duplicates', () => DuplicateMode, { defaultValue: DuplicateMode.SKIP }) duplicates: DuplicateMode,
    @Arg('first', () => Int, { defaultValue: 10 }) first: number,
  ): Promise<ImportPreviewRow[]> {
    return previewImport(work, id, mapping, duplicates, first);
  }

  @InAccount('records.import')
  @Mutation(() => ImportRun, { description: 'Starts an uploaded import as a background job; follow it with importRun.' })
  startImport(@Arg('id', () => ID) id: string, @Arg('input') input: StartImportInput, @Work() work: UnitOfWork, @Ctx() ctx: RequestContext): Promise<ImportRun> {
    return startImport(work, ctx.jobs, id, input);
  }

  @InAccount('records.import')
  @UndoneWithRequest()
  @Mutation(() => ImportUndoResult, { description: 'Undoes a finished import within 7 days: removes what it created, restores what it updated; records changed since are kept and listed.' })
  undoImport(@Arg('id', () => ID) id: string, @Work() work: UnitOfWork): Promise<ImportUndoResult> {
    return undoImport(work, id);
  }

  @FieldResolver(() => [ID], {
    nullable: 'items',
    description:
      "Per column, the custom field whose name its header is (null: none), for the columns whose header suggests no built-in field (`suggestedMapping` null there): pass it as `StartImportInput.customFields`. A list export's custom columns are headed by their fields' names, so an export imports again as it is.",
  })
  suggestedCustomFieldMapping(@Root() run: ImportRun, @Scope() scope: AccountScope): Promise<(string | null)[]> {
    // Once started, the mapping is chosen: nothing to suggest (a screen following the progress asks again and again).
    if (run.status !== ImportStatus.UPLOADED) return Promise.resolve(run.headers.map(() => null));
    return suggestCustomFieldMapping(scope, recordTypeOfImport(run.kind), run.headers, run.suggestedMapping);
  }
}
