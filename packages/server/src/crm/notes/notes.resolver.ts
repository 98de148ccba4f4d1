import { SelectedColumns, SelectedPage, type PageSelection } from '../common/selection.js';
import { Arg, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { Work } from '../../request/parameters.js';
import type { UnitOfWork } from '../../request/unit-of-work.js';
import { InAccount } from '../../request/access.js';
import { User } from '../../auth/user.entity.js';
import type { RequestContext } from '../../request/context.js';
import { Company } from '../companies/company.entity.js';
import { Connection } from '../common/connection.js';
import { allowDeletes } from '../common/deletion.js';
import { loadersOf, loadUser } from '../common/loaders.js';
import { countFilesOfNotes } from '../../files/files.service.js';
import { loadCompany } from '../common/relations.js';
import { loadDeal, loadPerson } from '../common/subject.js';
import { Deal } from '../deals/deal.entity.js';
import { Person } from '../people/person.entity.js';
import { Note } from './note.entity.js';
import { createNote, deleteNotes, findNote, listNotes, notFound, updateNote } from './note.service.js';
import { CreateNoteInput, NoteFilter, NoteOrder, UpdateNoteInput } from './note.types.js';
import { UndoneWithRequest } from '../../graphql/mutation-batch.js';

export const NoteConnection = Connection('Note', Note);

@Resolver(() => Note)
export class NotesResolver {
  @InAccount()
  @Query(() => NoteConnection, { description: 'Notes of this account you may read, a page at a time (first ≤ 100), newest first by default.' })
  notes(
    @Work() work: UnitOfWork,
    @SelectedPage(Note) selection: PageSelection,
    @Arg('first', () => Int, { nullable: true, defaultValue: 25 }) first: number,
    @Arg('after', () => String, { nullable: true }) after?: string,
    @Arg('filter', () => NoteFilter, { nullable: true }) filter?: NoteFilter,
    @Arg('orderBy', () => NoteOrder, { nullable: true, defaultValue: NoteOrder.CREATED_AT_DESC }) orderBy?: NoteOrder,
  ) {
    return listNotes(work, { first, after, filter, orderBy, selection });
  }

  @InAccount()
  @Query(() => Note, { nullable: true, description: 'A note of this account, or null when there is none with this ID here or it is confidential and your role may not read it.' })
  note(@Arg('id', () => ID) id: string, @Work() work: UnitOfWork): Promise<Note | null> {
    return findNote(work, id);
  }

  @InAccount('records.write')
  @UndoneWithRequest()
  @Mutation(() => Note, { description: 'Adds a note; recorded as NOTE_ADDED in the timeline of its person, company or deal.' })
  createNote(@Arg('input') input: CreateNoteInput, @Work() work: UnitOfWork): Promise<Note> {
    return createNote(work, input);
  }

  @InAccount('records.write')
  @UndoneWithRequest()
  @Mutation(() => Note)
  updateNote(@Arg('id', () => ID) id: string, @Arg('input') input: UpdateNoteInput, @Work() work: UnitOfWork): Promise<Note> {
    return updateNote(work, id, input);
  }

  @InAccount('records.delete')
  @UndoneWithRequest()
  @Mutation(() => ID, { description: 'Deletes a note. Returns the ID.' })
  async deleteNote(@Arg('id', () => ID) id: string, @Work() work: UnitOfWork): Promise<string> {
    await allowDeletes(work, 1);
    const [deleted] = await deleteNotes(work, [id]);
    if (!deleted) throw notFound();
    return deleted;
  }

  @InAccount('records.delete')
  @UndoneWithRequest()
  @Mutation(() => [ID], { description: 'Deletes several notes; returns the IDs that were deleted (IDs not in this account are skipped).' })
  async deleteNotes(@Arg('ids', () => [ID]) ids: string[], @Work() work: UnitOfWork): Promise<string[]> {
    await allowDeletes(work, ids.length);
    return deleteNotes(work, ids);
  }

  @FieldResolver(() => User, { nullable: true, description: 'Who wrote the note.' })
  author(@Root() note: Note, @Ctx() ctx: RequestContext): Promise<User | null> {
    return loadUser(ctx, note.createdBy);
  }

  @FieldResolver(() => Int, { description: 'How many files are attached to the note (`files(record: { noteId })` lists them).' })
  fileCount(@Root() note: Note, @Ctx() ctx: RequestContext): Promise<number> {
    return loadersOf(ctx).batch('noteFileCounts', countFilesOfNotes).load(note.id);
  }

  @FieldResolver(() => Person, { nullable: true, description: 'The person the note is on, if it is on a person.' })
  person(@Root() note: Note, @Ctx() ctx: RequestContext, @SelectedColumns(Person) columns: string[] | undefined): Promise<Person | null> {
    return loadPerson(ctx, note.personId, columns);
  }

  @FieldResolver(() => Company, { nullable: true, description: 'The company the note is on, if it is on a company.' })
  company(@Root() note: Note, @Ctx() ctx: RequestContext, @SelectedColumns(Company) columns: string[] | undefined): Promise<Company | null> {
    return loadCompany(ctx, note.companyId, columns);
  }

  @FieldResolver(() => Deal, { nullable: true, description: 'The deal the note is on, if it is on a deal.' })
  deal(@Root() note: Note, @Ctx() ctx: RequestContext, @SelectedColumns(Deal) columns: string[] | undefined): Promise<Deal | null> {
    return loadDeal(ctx, note.dealId, columns);
  }
}
