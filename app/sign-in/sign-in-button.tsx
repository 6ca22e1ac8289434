'use client';
import { signIn } from 'next-auth/react';
import { useState } from 'react';

/** Starts a next-auth sign-in with one provider (the demo, or an OIDC IdP). */
export function SignInButton({ providerId, children }: { providerId: string; children: React.ReactNode }) {
  const [busy, setBusy] = useState(false);
  return (
    <button
      type="button"
      disabled={busy}
      onClick={() => {
        setBusy(true);
        void signIn(providerId, { callbackUrl: '/studies' });
      }}
    >
      {children}
    </button>
  );
}
