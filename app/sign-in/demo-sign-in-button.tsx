'use client';
import { signIn } from 'next-auth/react';
import { useState } from 'react';

export function DemoSignInButton() {
  const [busy, setBusy] = useState(false);
  return (
    <button
      type="button"
      disabled={busy}
      onClick={() => {
        setBusy(true);
        void signIn('demo', { callbackUrl: '/studies' });
      }}
    >
      Sign in as demo front desk
    </button>
  );
}
