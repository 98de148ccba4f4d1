import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Orm } from '../db/orm.js';
import type { Logger } from '../logging/logger.js';

/** What every resolver receives. Built once per request. */
export interface RequestContext {
  orm: Orm;
  logger: Logger;
  version: string;
  req: IncomingMessage;
  res: ServerResponse;
}
