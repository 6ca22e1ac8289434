import { z } from 'zod';
import { signInOptions } from '@/lib/auth/sign-in-options';
import { samlErrorMessages } from '@/lib/auth/saml/saml-errors';
import { tooManySignInAttempts } from '@/lib/auth/sign-in-rate-limit';
import { SignInButton } from './sign-in-button';
import { demoAccounts } from '@/lib/auth/demo-accounts';

export const dynamic = 'force-dynamic';

// next-auth's own error codes and ours (AppError codes from sign-in), in plain words.
const errorMessages: Record<string, string> = {
  ...samlErrorMessages,
  'rate_limited:sign_in': tooManySignInAttempts,
  'unauthorized:saml_missing': 'Your identity provider sent no sign-in response. Please try again.',
  'not_found:identity_provider': 'This sign-in method is not available.',
  'forbidden:user_deactivated': 'This account has been deactivated. Ask your facility administrator.',
  'conflict:identity_not_linked': 'An account with your e-mail already signs in another way. An administrator must link them first.',
  OAuthCallback: 'Sign-in could not be completed (the answer from your institution did not match this sign-in). Please try again.',
  OAuthSignin: 'Sign-in could not be started. Please try again.',
  AccessDenied: 'Sign-in was refused.',
  CredentialsSignin: 'Sign-in was refused.',
  SessionRequired: 'Please sign in.',
};

const searchSchema = z.object({ error: z.string().max(100).optional() });

export default async function SignInPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { error } = searchSchema.catch({}).parse(await searchParams);
  const options = await signInOptions();
  return (
    <main>
      <h1>Staff sign-in</h1>
      {error && (
        <p className="error" role="alert">
          {errorMessages[error] ?? 'Sign-in failed. Please try again.'}
        </p>
      )}
      <div className="card">
        {options.providers.length > 0 && <p>Sign in with your institution:</p>}
        <div className="actions">
          {options.providers.map((p) =>
            p.kind === 'saml' ? (
              // SP-initiated SAML starts at our own route, which redirects to the IdP.
              <a key={p.id} className="button" href={`/api/auth/saml/${p.id}/login`}>
                Sign in with {p.label}
              </a>
            ) : (
              <SignInButton key={p.id} providerId={p.id}>
                Sign in with {p.label}
              </SignInButton>
            ),
          )}
        </div>
        {options.demo && (
          <>
            <p>This portal runs on embedded demo defaults. Sign in as one of the demo facility&apos;s people:</p>
            <div className="actions">
              {Object.entries(demoAccounts).map(([key, account]) => (
                <SignInButton key={key} providerId="demo" account={key} callbackUrl={account.landing}>
                  Sign in as {account.label}
                </SignInButton>
              ))}
            </div>
            <p className="muted">
              The specialist finds a demo referral under &ldquo;Shared with me&rdquo;; the clerk may share but not administer; the
              admin manages users and sign-in.
            </p>
          </>
        )}
        {!options.demo && options.providers.length === 0 && (
          <p>No sign-in method is configured. An administrator connects the facility&apos;s identity provider.</p>
        )}
      </div>
    </main>
  );
}
