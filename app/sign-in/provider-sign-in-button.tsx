'use client';
import { signIn } from 'next-auth/react';
import { useState } from 'react';
import type { SignInOption } from '@/lib/auth/sign-in-options';

export function ProviderSignInButton({ option }: { option: SignInOption }) {
  const [busy, setBusy] = useState(false);
  if (option.kind === 'saml') {
    return (
      <a className="button" href={`/api/auth/saml/${option.id}/login`}>
        Sign in with {option.label}
      </a>
    );
  }
  return (
    <button
      type="button"
      disabled={busy}
      onClick={() => {
        setBusy(true);
        void signIn(option.id, { callbackUrl: '/studies' });
      }}
    >
      Sign in with {option.label}
    </button>
  );
}
