import fs from 'node:fs/promises';
import { CopyObjectCommand, ListObjectsV2Command, PutObjectCommand, DeleteObjectCommand, S3Client, GetObjectCommand } from '@aws-sdk/client-s3';
import { localS3ClientConfig, startLocalS3 } from '@/lib/embedded/local-s3';
async function main() {
  await fs.rm('/tmp/scratch/s3a', { recursive: true, force: true });
  const s3 = await startLocalS3({ dataDir: '/tmp/scratch/s3a', port: 29000, bucket: 'bkt', corsOrigins: ['http://localhost:3000'] });
  const c = new S3Client(localS3ClientConfig(s3));
  c.middlewareStack.add((next) => async (args: any) => { console.log('REQ', args.request.method, args.request.path, JSON.stringify(args.request.query)); return next(args); }, { step: 'finalizeRequest', name: 'log' });
  await c.send(new PutObjectCommand({ Bucket: 'bkt', Key: 'a/x.txt', Body: 'hello' }));
  for (const [name, cmd] of [
    ['copy', new CopyObjectCommand({ Bucket: 'bkt', Key: 'a/y.txt', CopySource: 'bkt/a/x.txt' })],
    ['list', new ListObjectsV2Command({ Bucket: 'bkt', Prefix: 'a/' })],
    ['list-noprefix', new ListObjectsV2Command({ Bucket: 'bkt' })],
    ['delete', new DeleteObjectCommand({ Bucket: 'bkt', Key: 'a/y.txt' })],
    ['range00', new GetObjectCommand({ Bucket: 'bkt', Key: 'a/x.txt', Range: 'bytes=0-0' })],
    ['suffix', new GetObjectCommand({ Bucket: 'bkt', Key: 'a/x.txt', Range: 'bytes=-2' })],
  ] as const) {
    try { const r: any = await c.send(cmd as any); console.log(name, 'OK', r.Contents?.map((o: any) => o.Key) ?? r.ContentRange ?? '', r.Body ? await r.Body.transformToString() : ''); }
    catch (e: any) { console.log(name, 'ERR', e.name, e.message.slice(0, 80)); }
  }
  c.destroy(); await s3.stop();
}
main();
