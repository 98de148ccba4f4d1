import { Field, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { AccountSummary } from '../search/search.types.js';

/** What a copy does with a person or company whose e-mail address the target account already has. */
export enum CopyDuplicateMode {
  SKIP = 'SKIP',
  CREATE = 'CREATE',
}
registerEnumType(CopyDuplicateMode, {
  name: 'CopyDuplicateMode',
  description: 'What copyRecords does with a person or company that shares an e-mail address with one in the target account.',
  valuesConfig: {
    SKIP: { description: 'Leave it out (counted in `peopleSkipped` / `companiesSkipped`).' },
    CREATE: { description: 'Copy it anyway, beside the one already there.' },
  },
});

@InputType({ description: 'People and companies of this account to copy into another account of yours.' })
export class CopyRecordsInput {
  @Field(() => ID, { description: 'The account to copy into: one in which you are an active member with the right records.write.' })
  targetAccountId!: string;

  @Field(() => [ID], { defaultValue: [] })
  personIds!: string[];

  @Field(() => [ID], { defaultValue: [] })
  companyIds!: string[];

  @Field({ defaultValue: false, description: 'Also copy the deals of the chosen people and companies (their contact people or company).' })
  withDeals!: boolean;

  @Field(() => CopyDuplicateMode, { defaultValue: CopyDuplicateMode.SKIP })
  duplicates!: CopyDuplicateMode;
}

@ObjectType({ description: 'What copyRecords copied, left out and could not take along.' })
export class CopyResult {
  @Field(() => AccountSummary, { description: 'The account the copy went into.' })
  target!: AccountSummary;

  @Field(() => Int)
  peopleCopied!: number;

  @Field(() => Int, { description: 'People left out because the target has one with the same e-mail address (duplicates: SKIP).' })
  peopleSkipped!: number;

  @Field(() => Int, { description: 'Companies copied, the chosen ones and those of chosen people that the target had no company of that name for.' })
  companiesCopied!: number;

  @Field(() => Int, { description: 'Companies left out because the target has one with the same e-mail address (duplicates: SKIP).' })
  companiesSkipped!: number;

  @Field(() => Int)
  notesCopied!: number;

  @Field(() => Int)
  tasksCopied!: number;

  @Field(() => Int, { description: 'Copied tasks left without an assignee: theirs is not an active member of the target.' })
  tasksUnassigned!: number;

  @Field(() => Int)
  dealsCopied!: number;

  @Field(() => [String], { description: 'Custom fields whose values stayed behind: the target has no field of the same name and type (by name, e.g. "Person: Shoe size").' })
  customFieldsDropped!: string[];

  @Field(() => Int, { description: 'Confidential notes left behind: your role in the target may not write them.' })
  confidentialNotesLeft!: number;

  @Field(() => Int, { description: 'Files attached to the copied records: files are not copied (see README, Copy between accounts).' })
  filesLeft!: number;
}
