import { Field, InputType, ObjectType } from 'type-graphql';
import { CompanyFilter } from '../crm/companies/company.types.js';
import { DealFilter } from '../crm/deals/deal.types.js';
import { PersonFilter } from '../crm/people/person.types.js';
import { TaskFilter } from '../crm/tasks/task.types.js';
import { ExportFormat, ExportList } from './export-columns.js';

@ObjectType({ description: 'A column an export can have.' })
export class ExportColumnInfo {
  @Field({ description: 'What `ExportInput.columns` names it by.' })
  key!: string;

  @Field({ description: 'Its header in the file, in the language asked for.' })
  label!: string;
}

@InputType({ description: 'What to export: a list as it is filtered, in a format, with the columns chosen.' })
export class ExportInput {
  @Field(() => ExportList)
  list!: ExportList;

  @Field(() => ExportFormat)
  format!: ExportFormat;

  @Field(() => [String], { nullable: true, description: 'Column keys (`exportColumns`) in the order wanted; all columns when left out. Not used for VCARD.' })
  columns?: string[];

  @Field({ nullable: true, description: 'The headers\' language: de, en or es (default en).' })
  language?: string;

  @Field(() => PersonFilter, { nullable: true, description: 'With list PEOPLE: the same filter as `people(filter:)`.' })
  peopleFilter?: PersonFilter;

  @Field(() => CompanyFilter, { nullable: true, description: 'With list COMPANIES: as `companies(filter:)`.' })
  companiesFilter?: CompanyFilter;

  @Field(() => DealFilter, { nullable: true, description: 'With list DEALS: as `deals(filter:)`.' })
  dealsFilter?: DealFilter;

  @Field(() => TaskFilter, { nullable: true, description: 'With list TASKS: as `tasks(filter:)`.' })
  tasksFilter?: TaskFilter;
}

@ObjectType({ description: 'Where to download an export; the file is made when it is downloaded.' })
export class ExportLink {
  @Field({ description: 'A signed link, valid for 5 minutes. An API key sends its `Authorization` header with it.' })
  url!: string;

  @Field({ description: 'The name the file is saved as.' })
  fileName!: string;

  @Field()
  expiresAt!: Date;
}
