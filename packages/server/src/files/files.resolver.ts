import { Arg, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import { UndoneWithRequest } from '../graphql/mutation-batch.js';
import { InAccount } from '../request/access.js';
import type { RequestContext } from '../request/context.js';
import type { AccountScope } from '../request/account-scope.js';
import { Scope, Work } from '../request/parameters.js';
import type { UnitOfWork } from '../request/unit-of-work.js';
import { filePath, signedFileUrl } from './download-link.js';
import { presentFile } from './file-presenter.js';
import { fileRecordOf } from './file-records.js';
import { AttachedFile, FileRecordInput } from './file.types.js';
import { deleteFile, fileById, listFiles, renameFile } from './files.service.js';

@Resolver(() => AttachedFile)
export class FilesResolver {
  @InAccount()
  @Query(() => [AttachedFile], { description: 'The files of a person, company, deal or note, newest first (at most 100).' })
  async files(@Arg('record') record: FileRecordInput, @Work() work: UnitOfWork): Promise<AttachedFile[]> {
    return (await listFiles(work, fileRecordOf(record))).map(toType);
  }

  @InAccount()
  @Query(() => AttachedFile, { nullable: true, description: 'One file, or null when there is none with this ID in this account.' })
  async file(@Arg('id', () => ID) id: string, @Work() work: UnitOfWork): Promise<AttachedFile | null> {
    const file = await fileById(work, id);
    return file && toType(file);
  }

  @InAccount('records.write')
  @UndoneWithRequest()
  @Mutation(() => AttachedFile, { description: 'Renames a file (its bytes and type stay).' })
  async renameFile(@Arg('id', () => ID) id: string, @Arg('name') name: string, @Work() work: UnitOfWork): Promise<AttachedFile> {
    return toType(await renameFile(work, id, name));
  }

  @InAccount('records.delete')
  @UndoneWithRequest()
  @Mutation(() => ID, { description: 'Deletes a file; its bytes leave the storage with the next clean-up. Returns the ID.' })
  deleteFile(@Arg('id', () => ID) id: string, @Work() work: UnitOfWork): Promise<string> {
    return deleteFile(work, id);
  }

  @FieldResolver(() => String, {
    description: 'Where to download the file (`Content-Disposition: attachment`). For a signed-in user it carries a token valid for 5 minutes; an API key sends its `Authorization` header instead.',
  })
  downloadUrl(@Root() file: AttachedFile, @Ctx() ctx: RequestContext, @Scope() scope: AccountScope): Promise<string> {
    return linkOf(file, ctx, scope, false);
  }

  @FieldResolver(() => String, { nullable: true, description: 'Where to show an image or PDF inline (null for other types); as `downloadUrl`.' })
  previewUrl(@Root() file: AttachedFile, @Ctx() ctx: RequestContext, @Scope() scope: AccountScope): Promise<string | null> {
    return file.previewable ? linkOf(file, ctx, scope, true) : Promise.resolve(null);
  }
}

function toType(file: Parameters<typeof presentFile>[0]): AttachedFile {
  return Object.assign(new AttachedFile(), { ...presentFile(file), createdAt: file.createdAt });
}

async function linkOf(file: AttachedFile, ctx: RequestContext, scope: AccountScope, inline: boolean): Promise<string> {
  const { caller } = ctx;
  if (caller.kind !== 'user') return `${filePath(file.id)}${inline ? '?inline=1' : ''}`;
  return signedFileUrl(ctx.keys, { fileId: file.id, userId: caller.userId, sessionId: caller.sessionId, accountId: scope.accountId }, { inline });
}
