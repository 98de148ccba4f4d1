import { Arg, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root, type ClassType } from 'type-graphql';
import { InAccount } from '../request/access.js';
import { Scope, Work } from '../request/parameters.js';
import type { AccountScope } from '../request/account-scope.js';
import type { RequestContext } from '../request/context.js';
import type { UnitOfWork } from '../request/unit-of-work.js';
import { Company } from '../crm/companies/company.entity.js';
import { Deal } from '../crm/deals/deal.entity.js';
import { Person } from '../crm/people/person.entity.js';
import { customFieldsOf } from './custom-field-definitions.js';
import { createCustomField, deleteCustomField, maxCustomFieldsPerRecordType, updateCustomField } from './custom-field.service.js';
import { customValuesOf } from './custom-field-values.js';
import { loadersOf } from '../crm/common/loaders.js';
import { CreateCustomFieldInput, CustomField, CustomFieldRecordType, UpdateCustomFieldInput } from './custom-field.types.js';
import { CustomFieldValue } from './custom-field-value.types.js';

/**
 * Defining fields changes the account's tables in transactions of their own
 * (custom-columns.ts), which a later failure in the same request could not
 * undo: these mutations come alone.
 */
@Resolver(() => CustomField)
export class CustomFieldsResolver {
  @InAccount()
  @Query(() => [CustomField], { description: "The account's custom fields (of one record type, or all), in their order." })
  customFields(@Scope() scope: AccountScope, @Arg('recordType', () => CustomFieldRecordType, { nullable: true }) recordType?: CustomFieldRecordType): Promise<CustomField[]> {
    return customFieldsOf(scope, recordType);
  }

  @InAccount('fields.manage')
  @Mutation(() => CustomField, {
    description: `Adds a custom field (at most ${maxCustomFieldsPerRecordType} per record type: CUSTOM_FIELD_LIMIT_REACHED; a name taken: CUSTOM_FIELD_NAME_TAKEN).`,
  })
  createCustomField(@Arg('input') input: CreateCustomFieldInput, @Work() work: UnitOfWork): Promise<CustomField> {
    return createCustomField(work, input);
  }

  @InAccount('fields.manage')
  @Mutation(() => CustomField, { description: 'Renames, describes, moves, retypes a custom field or edits its choices; values stay.' })
  updateCustomField(@Arg('id', () => ID) id: string, @Arg('input') input: UpdateCustomFieldInput, @Work() work: UnitOfWork): Promise<CustomField> {
    return updateCustomField(work, id, input);
  }

  @InAccount('fields.manage')
  @Mutation(() => ID, { description: 'Deletes a custom field and every value of it. Returns the ID.' })
  deleteCustomField(@Arg('id', () => ID) id: string, @Work() work: UnitOfWork): Promise<string> {
    return deleteCustomField(work, id);
  }
}

/** `customFields` on a person, company or deal: the values it has, one query per page of records. */
function customValuesResolver(record: ClassType<{ id: string }>, recordType: CustomFieldRecordType) {
  @Resolver(() => record)
  class CustomValuesResolver {
    @FieldResolver(() => [CustomFieldValue], { description: 'Its custom values (only the fields that have one), in the fields\' order; each typed after its field.' })
    customFields(@Root() subject: { id: string }, @Ctx() ctx: RequestContext): Promise<CustomFieldValue[]> {
      return loadersOf(ctx)
        .batch(`customValues:${recordType}`, (work, ids) => customValuesOf(work.scope, recordType, ids))
        .load(subject.id);
    }
  }
  return CustomValuesResolver;
}

export const PersonCustomValuesResolver = customValuesResolver(Person, CustomFieldRecordType.PERSON);
export const CompanyCustomValuesResolver = customValuesResolver(Company, CustomFieldRecordType.COMPANY);
export const DealCustomValuesResolver = customValuesResolver(Deal, CustomFieldRecordType.DEAL);
