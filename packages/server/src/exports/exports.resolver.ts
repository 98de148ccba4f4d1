import { Arg, Ctx, FieldResolver, Query, Resolver, Root } from 'type-graphql';
import { isSupportedLocale } from '../auth/users.js';
import { Person } from '../crm/people/person.entity.js';
import { badUserInput } from '../errors/errors.js';
import { InAccount } from '../request/access.js';
import type { AccountScope } from '../request/account-scope.js';
import type { RequestContext } from '../request/context.js';
import { Scope } from '../request/parameters.js';
import { ExportFormat, ExportList } from './export-columns.js';
import { listColumnsOf } from './export-custom-columns.js';
import { exportLinkOf } from './export-link.js';
import { exportSpecOf, fileNameOf } from './export-spec.js';
import { ExportColumnInfo, ExportInput, ExportLink } from './export.types.js';

/**
 * Exports of lists (CSV, XLSX, vCard) with the list's filter and the columns
 * chosen; the right `records.export` (owners, co-owners, extended members).
 * Every member may take single people as vCards (`Person.vcardUrl`), as
 * CentralStationCRM lets its normal users.
 */
@Resolver()
export class ExportsResolver {
  @InAccount()
  @Query(() => [ExportColumnInfo], { description: 'The columns an export of this list can have, in their default order, with their headers in `language` (de, en, es; default en): the built-in ones, then one per custom field (`custom.<field ID>`, headed by the field\'s name).' })
  async exportColumns(
    @Arg('list', () => ExportList) list: ExportList,
    @Scope() scope: AccountScope,
    @Arg('language', () => String, { nullable: true }) language?: string,
  ): Promise<ExportColumnInfo[]> {
    if (language != null && !isSupportedLocale(language)) throw badUserInput('language', 'The language must be one of de, en, es.');
    return (await listColumnsOf(scope, list)).map((column) => ({ key: column.key, label: column.label[language && isSupportedLocale(language) ? language : 'en'] }));
  }

  @InAccount('records.export')
  @Query(() => ExportLink, { description: 'A link to download a list as it is filtered, as CSV, XLSX or (people) vCard. The rights are checked again when the link is opened.' })
  async exportLink(@Arg('input') input: ExportInput, @Ctx() ctx: RequestContext, @Scope() scope: AccountScope): Promise<ExportLink> {
    const spec = await exportSpecOf(scope, input);
    return { ...(await exportLinkOf(ctx, scope, spec)), fileName: fileNameOf(spec) };
  }
}

@Resolver(() => Person)
export class PersonVcardResolver {
  @FieldResolver(() => String, { description: 'Where to download this person as a vCard 4.0 (every member may); valid for 5 minutes, as `exportLink`.' })
  async vcardUrl(@Root() person: Person, @Ctx() ctx: RequestContext, @Scope() scope: AccountScope): Promise<string> {
    const spec = { list: ExportList.PEOPLE, format: ExportFormat.VCARD, columns: [], language: 'en' as const, personId: person.id };
    return (await exportLinkOf(ctx, scope, spec)).url;
  }
}
