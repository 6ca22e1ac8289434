import NextAuth from 'next-auth';
import { authOptionsWithProviders } from '@/lib/auth/auth-options';

// Built per request: the providers are the facilities' current IdP configurations.
async function handler(req: Request, ctx: { params: Promise<{ nextauth: string[] }> }) {
  return NextAuth(await authOptionsWithProviders())(req, ctx);
}
export { handler as GET, handler as POST };
