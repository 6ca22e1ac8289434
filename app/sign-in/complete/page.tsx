import { z } from 'zod';
import { CompleteSignIn } from './complete-sign-in';

export const dynamic = 'force-dynamic';

export default async function CompleteSignInPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { ticket } = z.object({ ticket: z.string().max(100).default('') }).catch({ ticket: '' }).parse(await searchParams);
  return (
    <main>
      <h1>Signing you in…</h1>
      <CompleteSignIn ticket={ticket} />
    </main>
  );
}
