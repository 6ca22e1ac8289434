'use client';
import { useTranslation } from 'react-i18next';
import { PageFailed } from '@/app/components/page-failed';

// A link page (receiving or sending images) that failed in the browser, in the page's language.
export function RecipientPageError({ error }: { error: Error & { digest?: string } }) {
  const { t } = useTranslation();
  return (
    <PageFailed
      title={t('pageFailed.title')}
      body={t('pageFailed.body')}
      reload={t('pageFailed.reload')}
      reference={error.digest && t('pageFailed.reference', { reference: error.digest })}
    />
  );
}
