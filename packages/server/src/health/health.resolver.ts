import { Ctx, Field, Int, ObjectType, Query, Resolver } from 'type-graphql';
import { Public } from '../request/access.js';
import type { RequestContext } from '../request/context.js';
import { checkDatabase } from './database-health.js';

@ObjectType({ description: "The server's health, as the SPA shows it." })
export class Health {
  @Field({ description: 'True when the server can reach its database.' })
  databaseUp!: boolean;

  @Field(() => Int, { description: 'How long the database took to answer, in milliseconds.' })
  databaseLatencyMs!: number;

  @Field({ description: "The server's version." })
  version!: string;
}

@Resolver()
export class HealthResolver {
  @Public()
  @Query(() => Health, { description: "The server's health. Public." })
  async health(@Ctx() ctx: RequestContext): Promise<Health> {
    const database = await checkDatabase(ctx.orm);
    return { databaseUp: database.ok, databaseLatencyMs: database.latencyMs, version: ctx.version };
  }
}
