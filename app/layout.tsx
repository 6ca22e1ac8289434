import type { Metadata, Viewport } from 'next';
import { getPageLanguage } from '@/lib/i18n/get-recipient-t';
import './globals.css';

export const metadata: Metadata = {
  title: 'ScanShare',
  description: 'Your imaging studies, shared by link instead of on a CD.',
  referrer: 'same-origin', // see next.config.js
  robots: { index: false, follow: false },
};

export const viewport: Viewport = { width: 'device-width', initialScale: 1 };

// Recipient pages speak the visitor's language (lib/i18n); staff pages are English.
export default async function RootLayout({ children }: { children: React.ReactNode }) {
  return (
    <html lang={await getPageLanguage()}>
      <body>{children}</body>
    </html>
  );
}
