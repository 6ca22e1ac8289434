'use client';
import { signIn } from 'next-auth/react';
import { useState } from 'react';

type Props = {
  providerId: string;
  children: React.ReactNode;
  /** For the demo: which demo account (lib/auth/demo-accounts.ts). */
  account?: string;
  callbackUrl?: string;
};

/** Starts a next-auth sign-in with one provider (the demo, or an OIDC IdP). */
export function SignInButton({ providerId, children, account, callbackUrl = '/studies' }: Props) {
  const [busy, setBusy] = useState(false);
  return (
    <button
      type="button"
      disabled={busy}
      onClick={() => {
        setBusy(true);
        void signIn(providerId, { callbackUrl, ...(account ? { account } : {}) });
      }}
    >
      {children}
    </button>
  );
}
