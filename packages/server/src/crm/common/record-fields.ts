import { Field, InputType, ObjectType } from 'type-graphql';

@ObjectType({ description: 'A postal address.' })
@InputType('AddressInput', { description: 'A postal address as sent with a person or a company; every line is optional.' })
export class Address {
  @Field(() => String, { nullable: true })
  street?: string | null;

  @Field(() => String, { nullable: true })
  postalCode?: string | null;

  @Field(() => String, { nullable: true })
  city?: string | null;

  @Field(() => String, { nullable: true, description: 'ISO 3166-1 alpha-2 country code, e.g. DE.' })
  country?: string | null;
}

export interface AddressColumns {
  street?: string | null;
  postalCode?: string | null;
  city?: string | null;
  country?: string | null;
}

export function addressOf(record: AddressColumns): Address | null {
  const { street, postalCode, city, country } = record;
  return street || postalCode || city || country ? { street, postalCode, city, country } : null;
}
