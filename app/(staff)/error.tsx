'use client';
import { PageFailed } from '@/app/components/page-failed';

// A staff page that failed in the browser, e.g. an action that never reached the server.
export default function StaffPageError({ error }: { error: Error & { digest?: string } }) {
  return (
    <PageFailed
      title="This page stopped working"
      body="What you did last may not have reached the server. Reload the page to see what the server holds, then try again if it is not there."
      reload="Reload the page"
      reference={error.digest && `Reference: ${error.digest}`}
    />
  );
}
