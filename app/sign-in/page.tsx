import { env } from '@/lib/env';
import { DemoSignInButton } from './demo-sign-in-button';

export const dynamic = 'force-dynamic';

export default function SignInPage() {
  const demo = env().SCANSHARE_DEMO;
  return (
    <main>
      <h1>Staff sign-in</h1>
      <div className="card">
        {demo ? (
          <>
            <p>This portal runs on embedded demo defaults. Sign in as the demo facility&apos;s front desk:</p>
            <DemoSignInButton />
          </>
        ) : (
          <p>No sign-in method is configured. An administrator connects the facility&apos;s identity provider.</p>
        )}
      </div>
    </main>
  );
}
