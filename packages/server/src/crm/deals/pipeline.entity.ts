import { Entity, OptionalProps, Property } from '@mikro-orm/core';
import { Field, ID, Int, ObjectType } from 'type-graphql';
import { AccountRecord } from '../common/account-record.entity.js';

@ObjectType({ description: 'A sales process: an ordered list of phases that deals move through.' })
@Entity({ schema: '*', tableName: 'pipeline' })
export class Pipeline extends AccountRecord {
  [OptionalProps]?: 'createdAt' | 'updatedAt';

  @Field()
  @Property({ type: 'text' })
  name!: string;

  @Field(() => Int)
  @Property({ type: 'integer' })
  position!: number;
}

@ObjectType({ description: 'One step of a pipeline.' })
@Entity({ schema: '*', tableName: 'phase' })
export class Phase extends AccountRecord {
  [OptionalProps]?: 'createdAt' | 'updatedAt';

  @Field(() => ID)
  @Property({ type: 'uuid' })
  pipelineId!: string;

  @Field()
  @Property({ type: 'text' })
  name!: string;

  @Field(() => Int, { description: 'Order within the pipeline, from 0.' })
  @Property({ type: 'integer' })
  position!: number;
}
