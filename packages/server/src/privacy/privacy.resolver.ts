import { Arg, Ctx, Field, ID, Int, Mutation, ObjectType, Query, Resolver } from 'type-graphql';
import { downloadLink } from '../auth/download-token.js';
import { ErrorCode, KontorError } from '../errors/errors.js';
import { ExportLink } from '../exports/export.types.js';
import { UndoneWithRequest } from '../graphql/mutation-batch.js';
import { InAccount } from '../request/access.js';
import type { AccountScope } from '../request/account-scope.js';
import type { RequestContext, UserCaller } from '../request/context.js';
import { Scope, SignedInUser, Work } from '../request/parameters.js';
import type { UnitOfWork } from '../request/unit-of-work.js';
import { readPerson } from '../crm/people/person.service.js';
import { erasePerson } from './erasure.js';
import { personDataFileName, personDataPath } from './person-data-download.js';

@ObjectType({ description: 'What erasing a person removed besides the record itself.' })
export class PersonErasure {
  @Field(() => ID)
  personId!: string;

  @Field(() => Int)
  notes!: number;

  @Field(() => Int)
  tasks!: number;

  @Field(() => Int, { description: 'Files of the person and of their notes; their bytes leave the storage with the next clean-up.' })
  files!: number;

  @Field(() => Int)
  timelineEntries!: number;

  @Field(() => Int, { description: 'Webhook deliveries that carried the person\'s data, sent or not.' })
  webhookDeliveries!: number;

  @Field(() => Int, { description: 'What imports kept of the person to undo their changes.' })
  importRecords!: number;
}

/** Privacy requests of one person (GDPR Art. 15 and 17): owners and co-owners, never API keys (`privacy.requests`). */
@Resolver()
export class PrivacyResolver {
  @InAccount('privacy.requests')
  @Query(() => ExportLink, { description: 'A link (5 minutes) to everything this account stores about one person, as one JSON file (GDPR Art. 15).' })
  async personDataLink(@Arg('personId', () => ID) personId: string, @Ctx() ctx: RequestContext, @Scope() scope: AccountScope, @SignedInUser() caller: UserCaller, @Work() work: UnitOfWork): Promise<ExportLink> {
    const person = await readPerson(work, personId);
    if (!person) throw new KontorError(ErrorCode.NOT_FOUND, 'There is no person with this ID in this account.');
    const grant = { userId: caller.userId, sessionId: caller.sessionId, accountId: scope.accountId };
    return { ...(await downloadLink(ctx.keys, 'privacy', grant, { per: person.id }, personDataPath)), fileName: personDataFileName(person) };
  }

  @InAccount('privacy.requests')
  @UndoneWithRequest()
  @Mutation(() => PersonErasure, { description: 'Erases a person from this account completely (GDPR Art. 17): the record, its notes, tasks and files, its timeline, and what still carries its data. Cannot be undone.' })
  async erasePerson(@Arg('id', () => ID) id: string, @Work() work: UnitOfWork): Promise<PersonErasure> {
    return { personId: id, ...(await erasePerson(work, id)) };
  }
}
