import { Field, Float, ID, ObjectType, registerEnumType } from 'type-graphql';

export enum SearchHitKind {
  PERSON = 'PERSON',
  COMPANY = 'COMPANY',
  DEAL = 'DEAL',
}
registerEnumType(SearchHitKind, { name: 'SearchHitKind', description: 'What a search hit is: a person, a company or a deal (its `id` is of that kind).' });

@ObjectType({ description: 'The account a search hit belongs to.' })
export class AccountSummary {
  @Field(() => ID)
  id!: string;

  @Field()
  name!: string;

  @Field()
  slug!: string;
}

@ObjectType({ description: 'A person, company or deal that matches a search, best first.' })
export class SearchHit {
  @Field(() => SearchHitKind)
  kind!: SearchHitKind;

  @Field(() => ID, { description: 'The record: person(id), company(id) or deal(id) in `account`.' })
  id!: string;

  @Field({ description: "The record's name or title." })
  title!: string;

  @Field(() => String, { nullable: true, description: 'A second line: company, website or e-mail.' })
  subtitle!: string | null;

  @Field(() => Float, {
    description:
      "Higher is better; comparable across accounts. 1 for a record whose name starts with the query's first word (these come first, in the order of that name: a person's last name as \"last first\"); below 1 for the others, by how well the words match.",
  })
  rank!: number;

  @Field(() => AccountSummary)
  account!: AccountSummary;
}
