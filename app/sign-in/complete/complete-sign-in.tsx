'use client';
import { signIn } from 'next-auth/react';
import { useEffect, useRef } from 'react';

// Redeems the one-time ticket from the SAML assertion consumer for a session.
export function CompleteSignIn({ ticket }: { ticket: string }) {
  const started = useRef(false);
  useEffect(() => {
    if (started.current) return;
    started.current = true;
    window.history.replaceState(null, '', '/sign-in/complete'); // the ticket leaves the address bar at once
    void signIn('saml-ticket', { ticket, callbackUrl: '/studies' });
  }, [ticket]);
  return <p className="muted">One moment.</p>;
}
