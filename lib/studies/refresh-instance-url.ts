// A fresh presigned URL for one instance of a shared study, for a viewer left
// open longer than the URLs in its manifest live. Same authorization as the
// manifest; the route answers with a redirect, so no pixel data passes the app.
import { and, eq } from 'drizzle-orm';
import { z } from 'zod';
import { db } from '@/db/client';
import { instances, studies } from '@/db/schema';
import type { LinkActor } from '@/lib/auth/actors';
import { AppError } from '@/lib/errors';
import { presignObjectGet } from '@/lib/storage/presign-get';
import { linkStudyWhere } from './study-access';
import { presignLifetimeSeconds } from './study-manifest';

const uuid = z.string().uuid();

export async function refreshInstanceUrl(actor: LinkActor, instanceId: string): Promise<string> {
  if (!uuid.safeParse(instanceId).success) throw new AppError('not_found:instance');
  const database = db();
  const [row] = await database
    .select({ objectKey: instances.objectKey })
    .from(instances)
    .innerJoin(studies, eq(studies.id, instances.studyId))
    .where(and(eq(instances.id, instanceId), linkStudyWhere(database, actor)));
  if (!row) throw new AppError('not_found:instance');
  return presignObjectGet(row.objectKey, presignLifetimeSeconds(actor));
}
