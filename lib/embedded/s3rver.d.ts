// Types for the parts of @20minutes/s3rver 5 (CommonJS, untyped) that local-s3.ts uses.
declare module '@20minutes/s3rver' {
  import type { IncomingMessage, ServerResponse } from 'node:http';

  namespace S3rver {
    /** The Koa context, as far as our middleware touches it. */
    interface Context {
      method: string;
      path: string;
      headers: Record<string, string | string[] | undefined>;
      query: Record<string, string | string[] | undefined>;
      status: number;
      type: string;
      body: unknown;
      state: Record<string, unknown>;
      params?: Record<string, string | undefined>;
      get(field: string): string;
      set(field: string, value: string): void;
      response: { get(field: string): string | number | string[] | undefined };
    }
    type Middleware = (ctx: Context, next: () => Promise<void>) => Promise<void>;
    interface Options {
      directory: string;
      silent?: boolean;
      vhostBuckets?: boolean;
      configureBuckets?: Array<{ name: string; configs?: Array<string | Buffer> }>;
    }
  }

  class S3rver {
    constructor(options: S3rver.Options);
    /** Koa's middleware stack; composed when callback() is called. */
    middleware: S3rver.Middleware[];
    logger: { close(): void };
    /** The filesystem store (also the Koa context's `store`): one object, so a method replaced here is the one requests use. */
    store: {
      getResourcePath(bucket: string, key: string, resource: string): string;
      deleteObject(bucket: string, key: string): Promise<void>;
    };
    configureBuckets(): Promise<unknown>;
    callback(): (req: IncomingMessage, res: ServerResponse) => void;
  }
  export = S3rver;
}

declare module '@20minutes/s3rver/lib/models/account.js' {
  class AWSAccount {
    accessKeys: Map<string, string>;
    createKeyPair(accessKeyId: string, secretAccessKey: string): void;
    revokeAccessKey(accessKeyId: string): void;
    /** The one account s3rver knows; every access key is registered on it (process-wide). */
    static DUMMY_ACCOUNT: AWSAccount;
  }
  export = AWSAccount;
}

declare module '@20minutes/s3rver/lib/middleware/authentication.js' {
  import type S3rver from '@20minutes/s3rver';
  /** s3rver's signature check: throws an S3 error, or sets ctx.state.account and calls next(). */
  function authentication(): S3rver.Middleware;
  export = authentication;
}
